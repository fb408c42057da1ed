package dev.allocator.projector;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;
import static dev.allocator.readmodel.jooq.read_model.Tables.NONCE_FLOORS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SPONSOR_SEQUENCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.consumer.GenerationProjector;
import dev.allocator.projector.health.ProjectorHealthIndicator;
import dev.allocator.projector.rebuild.ReadModelRebuild;
import dev.allocator.projector.rebuild.RebuildStatus;
import dev.allocator.projector.testing.Checksums;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.ProjectorHarness;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import dev.allocator.testing.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The projector against a real broker and a real PostgreSQL. */
class ProjectorIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ChainId OPTIMISM = ChainId.of(10);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Projector> projectors = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Projector projector : projectors) {
            projector.stop();
        }
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
    }

    @Test
    void projectsEveryEventTypeIntoItsTables() {
        Fixture fixture = fixture();
        SponsorHistory alice = SponsorHistory.random();
        fixture.log.append(
                alice.sessionCreated("s-1", T0, T0.plusSeconds(3600)),
                alice.compactAllocated("s-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(5), 1_800_000_000L, true, T0),
                alice.compactAllocated("s-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(7), 1_800_000_000L, false, T0),
                alice.sessionRevoked("s-1", T0.plusSeconds(60)));

        GenerationProjector live = fixture.start(CommitHook.NONE);
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));

        DSLContext dsl = fixture.dsl();
        var session = dsl.selectFrom(SESSIONS).fetchSingle();
        assertThat(session.getSponsor()).isEqualTo(alice.sponsor().bytes());
        assertThat(session.getRevoked()).isTrue();
        assertThat(session.getRevokedAt().toInstant()).isEqualTo(T0.plusSeconds(60));
        var compacts =
                dsl.selectFrom(COMPACTS).orderBy(COMPACTS.SPONSOR_SEQUENCE).fetch();
        assertThat(compacts).hasSize(2);
        assertThat(compacts.get(0).getWitnessTypeString()).startsWith("Mandate mandate)");
        assertThat(compacts.get(0).getWitnessHash()).hasSize(32);
        assertThat(compacts.get(0).getAmount()).isEqualTo(BigInteger.valueOf(5));
        assertThat(compacts.get(1).getWitnessTypeString()).isNull();
        assertThat(compacts.get(1).getSignature()).hasSize(64);
        assertThat(dsl.select(NONCE_FLOORS.NEXT_FRAGMENT)
                        .from(NONCE_FLOORS)
                        .fetchSingle()
                        .value1())
                .isEqualTo(BigInteger.TWO);
        assertThat(dsl.select(SPONSOR_SEQUENCES.LAST_SEQUENCE)
                        .from(SPONSOR_SEQUENCES)
                        .fetchSingle()
                        .value1())
                .isEqualTo(4L);
    }

    @Test
    void aRefreshRevokesTheOldSessionAndInsertsTheNewOneWhetherTheOldIsStoredOrInTheSameBatch() {
        Fixture fixture = fixture();
        SponsorHistory carol = SponsorHistory.random();
        fixture.log.append(
                carol.sessionCreated("c-1", T0, T0.plusSeconds(3600)),
                carol.sessionRefreshed("c-1", "c-2", T0.plusSeconds(7200), T0.plusSeconds(60)));
        GenerationProjector live = fixture.start(CommitHook.NONE);
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));
        fixture.log.append(
                carol.sessionRefreshed("c-2", "c-3", T0.plusSeconds(9000), T0.plusSeconds(120)),
                carol.sessionRefreshed("c-3", "c-4", T0.plusSeconds(9900), T0.plusSeconds(180)));
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));

        var rows =
                fixture.dsl().selectFrom(SESSIONS).orderBy(SESSIONS.SESSION_ID).fetch();
        assertThat(rows).extracting(r -> r.getSessionId()).containsExactly("c-1", "c-2", "c-3", "c-4");
        assertThat(rows).extracting(r -> r.getRevoked()).containsExactly(true, true, true, false);
        assertThat(rows.get(0).getRevokedAt().toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(rows.get(2).getRevokedAt().toInstant()).isEqualTo(T0.plusSeconds(180));
        var latest = rows.get(3);
        assertThat(latest.getSponsor()).isEqualTo(carol.sponsor().bytes());
        assertThat(latest.getChainId()).isEqualTo(rows.get(0).getChainId());
        assertThat(latest.getDomain()).isEqualTo(rows.get(0).getDomain());
        assertThat(latest.getSiweNonce()).isEqualTo(rows.get(0).getSiweNonce());
        assertThat(latest.getIssuedAt().toInstant()).isEqualTo(T0.plusSeconds(180));
        assertThat(latest.getExpiresAt().toInstant()).isEqualTo(T0.plusSeconds(9900));
        assertThat(latest.getRevokedAt()).isNull();
        assertThat(latest.getSponsorSequence()).isEqualTo(4L);
        Fixture clean = fixture.replayOf(fixture.log);
        assertThat(Checksums.of(clean.dsl(), clean.schema())).isEqualTo(Checksums.of(fixture.dsl(), fixture.schema()));
    }

    @Test
    void movesTheNonceFloorOnlyOverUsedFragments() {
        Fixture fixture = fixture();
        SponsorHistory bob = SponsorHistory.random();
        Uint256 five = new Nonce(bob.sponsor(), BigInteger.valueOf(5)).value();
        fixture.log.append(bob.compactWithNonce(
                "s", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0, five, false));
        GenerationProjector live = fixture.start(CommitHook.NONE);
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));
        assertThat(fixture.floor(bob.sponsor())).isEqualTo(BigInteger.ZERO);

        fixture.log.append(
                bob.compactAllocated("s", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0),
                bob.compactAllocated("s", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0));
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));
        assertThat(fixture.floor(bob.sponsor())).isEqualTo(BigInteger.TWO);

        fixture.log.append(
                bob.compactAllocated("s", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0),
                bob.compactAllocated("s", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0));
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));
        assertThat(fixture.floor(bob.sponsor())).as("5 is used, 4 is not").isEqualTo(BigInteger.valueOf(4));

        fixture.log.append(
                bob.compactAllocated("s", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0));
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));
        assertThat(fixture.floor(bob.sponsor())).as("steps over 4 and 5").isEqualTo(BigInteger.valueOf(6));
    }

    @Test
    void aCrashBetweenWritesAndCommitLeavesTablesEqualToACleanReplay() throws Exception {
        Fixture fixture = fixture();
        fixture.log.append(history(20, 6));
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        CommitHook crashOnThirdBatch = () -> {
            if (batches.incrementAndGet() == 3) {
                crashed.countDown();
                throw new IllegalStateException("simulated crash after the writes, before the commit");
            }
        };
        Projector first = fixture.projector(10, Duration.ofSeconds(30), crashOnThirdBatch);
        first.start();
        assertThat(crashed.await(30, TimeUnit.SECONDS)).isTrue();
        Map<Integer, Long> atCrash = ReadModelSchemasPositions.read(fixture.dsl());
        first.stop();
        assertThat(ReadModelSchemasPositions.read(fixture.dsl()))
                .as("the crashed batch left no position behind")
                .isEqualTo(atCrash);
        assertThat(fixture.dsl()
                        .select(DSL.sum(SPONSOR_SEQUENCES.LAST_SEQUENCE))
                        .from(SPONSOR_SEQUENCES)
                        .fetchOne(0, Long.class))
                .as("exactly the two batches of ten events before the crash were applied")
                .isEqualTo(20L);

        Projector restarted = fixture.projector(10, Duration.ofMillis(50), CommitHook.NONE);
        restarted.start();
        ProjectorHarness.awaitCaughtUp(restarted.live(), fixture.log, Duration.ofSeconds(60));

        Fixture clean = fixture.replayOf(fixture.log);
        assertThat(Checksums.of(fixture.dsl(), fixture.schema())).isEqualTo(Checksums.of(clean.dsl(), clean.schema()));
        assertThat(fixture.count(COMPACTS)).isEqualTo(20 * 5);
    }

    @Test
    void reportsNoLagWhenCaughtUpAndAGrowingLagWhileItCannotApply() {
        Fixture fixture = fixture();
        fixture.log.append(history(4, 3));
        AtomicBoolean refusing = new AtomicBoolean();
        Projector projector = fixture.projector(500, Duration.ofMillis(20), () -> {
            if (refusing.get()) {
                throw new IllegalStateException("the database refuses every batch for now");
            }
        });
        projector.start();
        ProjectorHarness.awaitCaughtUp(projector.live(), fixture.log, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lagGauges(fixture, "allocator.projector.lag.records"))
                    .isNotEmpty()
                    .allMatch(v -> v == 0.0);
            assertThat(lagGauges(fixture, "allocator.projector.lag.seconds"))
                    .isNotEmpty()
                    .allMatch(v -> v == 0.0);
        });

        refusing.set(true);
        fixture.log.append(history(4, 3));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Double> records = lagGauges(fixture, "allocator.projector.lag.records");
            // Sixteen events (four sponsors: a sign-in, two compacts, a sign-out each), and the commit
            // marker of their transaction in each partition they went to.
            assertThat(records.stream().mapToDouble(Double::doubleValue).sum()).isBetween(16.0, 16.0 + records.size());
            assertThat(lagGauges(fixture, "allocator.projector.lag.seconds")).anyMatch(v -> v >= 0.5);
        });

        refusing.set(false);
        ProjectorHarness.awaitCaughtUp(projector.live(), fixture.log, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lagGauges(fixture, "allocator.projector.lag.records")).allMatch(v -> v == 0.0);
            assertThat(lagGauges(fixture, "allocator.projector.lag.seconds")).allMatch(v -> v == 0.0);
        });
    }

    private static List<Double> lagGauges(Fixture fixture, String name) {
        return fixture.registry.find(name).gauges().stream()
                .map(io.micrometer.core.instrument.Gauge::value)
                .toList();
    }

    @Test
    void recoversInProcessWhenABatchFailsAndAppliesNothingTwice() {
        Fixture fixture = fixture();
        fixture.log.append(history(10, 4));
        AtomicInteger batches = new AtomicInteger();
        Projector projector = fixture.projector(7, Duration.ofMillis(20), () -> {
            if (batches.incrementAndGet() % 3 == 0) {
                throw new IllegalStateException("every third batch fails once before its commit");
            }
        });
        projector.start();
        ProjectorHarness.awaitCaughtUp(projector.live(), fixture.log, Duration.ofSeconds(60));

        Fixture clean = fixture.replayOf(fixture.log);
        assertThat(Checksums.of(fixture.dsl(), fixture.schema())).isEqualTo(Checksums.of(clean.dsl(), clean.schema()));
    }

    @Test
    void aRebuildFromOffsetZeroEqualsTheLiveTablesAndSwitchesOver() throws Exception {
        Fixture fixture = fixture();
        fixture.log.append(history(15, 5));
        Projector projector = fixture.projector(50, Duration.ofMillis(50), CommitHook.NONE);
        projector.start();
        ProjectorHarness.awaitCaughtUp(projector.live(), fixture.log, Duration.ofSeconds(60));
        Map<String, String> live = Checksums.of(fixture.dsl(), "read_model_g1");

        ReadModelRebuild rebuild = new ReadModelRebuild(projector, Duration.ofSeconds(60), Clock.systemUTC());
        RebuildStatus status = rebuild.rebuildAndWait(Duration.ofSeconds(90));

        assertThat(status.state()).isEqualTo(RebuildStatus.State.SWITCHED);
        assertThat(ReadModelSchemas.active(projector.control())).contains(new Generation(2, "read_model_g2"));
        assertThat(Checksums.of(fixture.dsl(), "read_model_g2")).isEqualTo(live);
        assertThat(projector.live().generation().schema()).isEqualTo("read_model_g2");

        SponsorHistory late = SponsorHistory.random();
        fixture.log.append(late.sessionCreated("late", T0, T0.plusSeconds(60)));
        ProjectorHarness.awaitCaughtUp(projector.live(), fixture.log, Duration.ofSeconds(30));
        assertThat(fixture.dsl().fetchCount(fixture.dsl().selectFrom("read_model_g2.sessions")))
                .as("the new generation keeps projecting after the switch")
                .isEqualTo(16);
    }

    @Test
    void skipsADuplicateEvent() {
        Fixture fixture = fixture();
        SponsorHistory carol = SponsorHistory.random();
        EventEnvelope created = carol.sessionCreated("c-1", T0, T0.plusSeconds(600));
        EventEnvelope compact =
                carol.compactAllocated("c-1", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0);
        EventEnvelope redelivered =
                new EventEnvelope(UUID.randomUUID(), carol.sponsor(), 2, T0, "again", compact.event());
        fixture.log.append(created, compact);
        fixture.log.append(redelivered);
        fixture.log.append(carol.sessionRevoked("c-1", T0.plusSeconds(5)));

        GenerationProjector live = fixture.start(CommitHook.NONE);
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));

        assertThat(fixture.count(COMPACTS)).isEqualTo(1);
        assertThat(fixture.registry.get("projector.events.duplicates").counter().count())
                .isEqualTo(1.0);
        assertThat(fixture.dsl().selectFrom(SESSIONS).fetchSingle().getRevoked())
                .isTrue();
        assertThat(live.stoppedPartitions()).isEmpty();
    }

    @Test
    void aSequenceGapStopsItsPartitionAndNothingAfterItIsApplied() {
        Fixture fixture = fixture();
        SponsorHistory dave = SponsorHistory.random();
        fixture.log.append(dave.sessionCreated("d-1", T0, T0.plusSeconds(600)));
        dave.skip();
        long gapOffset = fixture.log
                .append(dave.sessionCreated("d-3", T0, T0.plusSeconds(600)))
                .offset();
        fixture.log.append(dave.sessionCreated("d-4", T0, T0.plusSeconds(600)));
        int davesPartition = fixture.partitionOf(dave.sponsor());
        SponsorHistory other = otherPartition(fixture, davesPartition);
        fixture.log.append(other.sessionCreated("o-1", T0, T0.plusSeconds(600)));

        GenerationProjector live = fixture.start(CommitHook.NONE);
        fixture.awaitUntil(() -> !live.stoppedPartitions().isEmpty() && fixture.count(SESSIONS) == 2);

        assertThat(live.stoppedPartitions()).containsOnlyKeys(davesPartition);
        assertThat(live.stoppedPartitions().get(davesPartition))
                .contains("sequence gap")
                .contains("expected 2, got 3");
        assertThat(fixture.dsl().select(SESSIONS.SESSION_ID).from(SESSIONS).fetch(SESSIONS.SESSION_ID))
                .containsExactlyInAnyOrder("d-1", "o-1");
        assertThat(ReadModelSchemasPositions.read(fixture.dsl())).containsEntry(davesPartition, gapOffset);
        assertThat(fixture.registry.get("projector.sequence.gaps").counter().count())
                .isEqualTo(1.0);
        assertThat(fixture.registry.get("projector.partitions.stopped").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void anUnknownEventTypeStopsItsPartitionInsteadOfBeingSkipped() {
        Fixture fixture = fixture();
        SponsorHistory erin = SponsorHistory.random();
        fixture.log.append(erin.sessionCreated("e-1", T0, T0.plusSeconds(600)));
        fixture.log.append(
                erin.withSequence(2, new Event.UnknownEvent("CompactAllocatedV2", 1, "{\"future\":true}"), T0));
        fixture.log.append(erin.withSequence(3, new Event.SessionRevoked("e-1", erin.sponsor()), T0));

        GenerationProjector live = fixture.start(CommitHook.NONE);
        fixture.awaitUntil(() -> !live.stoppedPartitions().isEmpty());

        assertThat(live.stoppedPartitions().values()).singleElement().asString().contains("CompactAllocatedV2");
        assertThat(fixture.dsl().selectFrom(SESSIONS).fetchSingle().getRevoked())
                .isFalse();
        assertThat(fixture.registry.get("projector.events.unknown").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aNewerVersionOfAKnownTypeStopsItsPartitionAndARestartResumesAtIt() {
        Fixture fixture = fixture();
        SponsorHistory gina = SponsorHistory.random();
        fixture.log.append(gina.sessionCreated("g-1", T0, T0.plusSeconds(600)));
        String today = new String(
                CODEC.encode(gina.withSequence(2, new Event.SessionRevoked("g-1", gina.sponsor()), T0)),
                StandardCharsets.UTF_8);
        long futureOffset = fixture.log
                .appendRaw(
                        gina.sponsor().lowercase(),
                        today.replace("\"schemaVersion\":1", "\"schemaVersion\":7")
                                .getBytes(StandardCharsets.UTF_8))
                .offset();
        fixture.log.append(gina.withSequence(3, new Event.SessionRevoked("g-1", gina.sponsor()), T0));
        int ginasPartition = fixture.partitionOf(gina.sponsor());

        Projector first = fixture.projector(500, Duration.ofMillis(50), CommitHook.NONE);
        first.start();
        fixture.awaitUntil(() -> !first.live().stoppedPartitions().isEmpty());

        assertThat(first.live().stoppedPartitions()).containsOnlyKeys(ginasPartition);
        assertThat(first.live().stoppedPartitions().get(ginasPartition)).contains("SessionRevoked");
        assertThat(fixture.dsl().selectFrom(SESSIONS).fetchSingle().getRevoked())
                .isFalse();
        assertThat(ReadModelSchemasPositions.read(fixture.dsl())).containsEntry(ginasPartition, futureOffset);
        assertThat(fixture.registry
                        .get("projector.records.dead.lettered")
                        .counter()
                        .count())
                .isZero();
        first.stop();

        // After the upgrade the next start begins exactly at that record; this release stops there again.
        Projector restarted = fixture.projector(500, Duration.ofMillis(50), CommitHook.NONE);
        restarted.start();
        fixture.awaitUntil(() -> !restarted.live().stoppedPartitions().isEmpty());
        assertThat(ReadModelSchemasPositions.read(fixture.dsl())).containsEntry(ginasPartition, futureOffset);
        assertThat(fixture.dsl().selectFrom(SESSIONS).fetchSingle().getRevoked())
                .isFalse();
    }

    @Test
    void parksAnUnreadableRecordOnTheDeadLetterTopicAndCountsIt() {
        Fixture fixture = fixture();
        SponsorHistory frank = SponsorHistory.random();
        fixture.log.append(frank.sessionCreated("f-1", T0, T0.plusSeconds(600)));
        long poisonOffset = fixture.log
                .appendRaw(frank.sponsor().lowercase(), "{not json".getBytes(StandardCharsets.UTF_8))
                .offset();
        fixture.log.append(frank.sessionCreated("f-2", T0, T0.plusSeconds(600)));

        GenerationProjector live = fixture.start(CommitHook.NONE);
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));

        assertThat(fixture.count(SESSIONS)).isEqualTo(2);
        assertThat(fixture.registry
                        .get("projector.records.dead.lettered")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        ConsumerRecord<byte[], byte[]> parked = fixture.readOne(fixture.log.topic() + ".dlt");
        assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(
                        parked.headers().lastHeader("kafka_dlt-original-offset").value(), StandardCharsets.UTF_8))
                .isEqualTo(Long.toString(poisonOffset));
        assertThat(parked.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
    }

    @Test
    void ignoresAbortedTransactionsAndStoresPositionsPastTheirMarkers() {
        Fixture fixture = fixture();
        SponsorHistory gina = SponsorHistory.random();
        EventEnvelope aborted = gina.sessionCreated("g-aborted", T0, T0.plusSeconds(600));
        fixture.log.appendAborted(aborted);
        fixture.log.append(gina.withSequence(1, aborted.event(), T0));

        GenerationProjector live = fixture.start(CommitHook.NONE);
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));

        assertThat(fixture.count(SESSIONS)).isEqualTo(1);
        int partition = fixture.partitionOf(gina.sponsor());
        assertThat(ReadModelSchemasPositions.read(fixture.dsl()).get(partition))
                .isEqualTo(fixture.log.endOffsets().get(partition));
    }

    @Test
    void deadLettersAnEventTheDatabaseRefusesAndAppliesEveryGoodEventAroundIt() {
        Fixture fixture = fixture();
        SponsorHistory hana = SponsorHistory.random();
        int partition = fixture.partitionOf(hana.sponsor());
        SponsorHistory ivan = samePartition(fixture, partition);
        SponsorHistory jude = otherPartition(fixture, partition);
        fixture.log.append(hana.sessionCreated("h-1", T0, T0.plusSeconds(600)));
        List<EventEnvelope> batch = new ArrayList<>();
        batch.add(ivan.sessionCreated("i-1", T0, T0.plusSeconds(600)));
        batch.add(hana.compactAllocated("h-1", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, false, T0));
        EventEnvelope unstorable = hana.compactWithWitness(
                "h-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(99), 1_800_000_000L, "Mandate mandate)\u0000", T0);
        batch.add(unstorable);
        batch.add(ivan.compactAllocated("i-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(2), 1_800_000_000L, true, T0));
        batch.add(jude.sessionCreated("j-1", T0, T0.plusSeconds(600)));
        batch.add(hana.compactAllocated("h-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(3), 1_800_000_000L, true, T0));
        List<RecordMetadata> written = fixture.log.appendAll(batch);
        long badOffset = written.get(2).offset();

        Projector projector = fixture.projector(500, Duration.ofMillis(20), CommitHook.NONE);
        projector.start();
        GenerationProjector live = projector.live();
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(60));
        fixture.log.append(hana.sessionRevoked("h-1", T0.plusSeconds(5)));
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));

        DSLContext dsl = fixture.dsl();
        assertThat(dsl.select(COMPACTS.AMOUNT).from(COMPACTS).fetch(COMPACTS.AMOUNT))
                .as("every good compact of both sponsors, not the refused one")
                .containsExactlyInAnyOrder(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3));
        assertThat(dsl.select(SESSIONS.SESSION_ID, SESSIONS.REVOKED)
                        .from(SESSIONS)
                        .fetch()
                        .intoMap(SESSIONS.SESSION_ID))
                .hasSize(3);
        assertThat(dsl.select(SESSIONS.REVOKED)
                        .from(SESSIONS)
                        .where(SESSIONS.SESSION_ID.eq("h-1"))
                        .fetchSingle()
                        .value1())
                .as("the sponsor's next event after the dead letter is applied, not a gap")
                .isTrue();
        assertThat(dsl.select(SPONSOR_SEQUENCES.LAST_SEQUENCE)
                        .from(SPONSOR_SEQUENCES)
                        .where(SPONSOR_SEQUENCES.SPONSOR.eq(hana.sponsor().bytes()))
                        .fetchSingle()
                        .value1())
                .isEqualTo(5L);
        assertThat(live.stoppedPartitions()).isEmpty();
        assertThat(fixture.registry
                        .get("allocator.dead.letters")
                        .tag("reason", "unstorable")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(fixture.registry
                        .get("projector.batches.failed")
                        .tag("fault", "data")
                        .counter()
                        .count())
                .as("tried three times (data-fault-max-attempts in the harness): failed twice, parked on the third")
                .isEqualTo(2.0);
        assertThat(fixture.registry.get("projector.partitions.stopped").gauge().value())
                .isZero();

        ConsumerRecord<byte[], byte[]> parked = fixture.readOne(fixture.log.topic() + ".dlt");
        assertThat(parked.value()).isEqualTo(new MessageCodec().encode(unstorable));
        assertThat(new String(
                        parked.headers().lastHeader("kafka_dlt-original-offset").value(), StandardCharsets.UTF_8))
                .isEqualTo(Long.toString(badOffset));
        assertThat(new String(
                        parked.headers().lastHeader("allocator_dlt-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("unstorable");

        Health health = new ProjectorHealthIndicator(projector, projector.properties()).health();
        assertThat(health.getStatus()).isEqualTo(ProjectorHealthIndicator.DEGRADED);
        assertThat(health.getDetails().get("deadLettered")).isEqualTo(Map.of("unreadable", 0L, "unstorable", 1L));
    }

    @Test
    void aDatabaseOutageDeadLettersNothingAndTheProjectorResumesWhenTheDatabaseIsBack() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(500);
        config.setValidationTimeout(250);
        HikariDataSource dataSource = new HikariDataSource(config);
        cleanup.add(dataSource);
        Fixture fixture = fixture(dataSource);
        SponsorHistory kim = SponsorHistory.random();
        fixture.log.append(kim.sessionCreated("k-1", T0, T0.plusSeconds(600)));
        Projector projector = fixture.projector(500, Duration.ofMillis(20), CommitHook.NONE);
        projector.start();
        GenerationProjector live = projector.live();
        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(30));
        ProjectorHealthIndicator health = new ProjectorHealthIndicator(projector, projector.properties());
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        try (Connection admin = TestPostgres.shared().getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("alter database " + database + " allow_connections false");
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                    + "' and pid <> pg_backend_pid()");
            fixture.log.append(List.of(
                    kim.compactAllocated("k-1", OPTIMISM, SponsorHistory.LOCK, Uint256.ONE, 1_800_000_000L, true, T0),
                    kim.sessionRevoked("k-1", T0.plusSeconds(1))));
            // Longer than unhealthy-after (2 s in the harness) and many data-fault attempts' worth.
            fixture.awaitUntil(() -> health.health().getStatus().equals(Status.DOWN));
            Thread.sleep(1_000);
            assertThat(health.health().getDetails()).containsKey("retrying");
            assertThat(fixture.registry
                            .get("projector.retrying.seconds")
                            .gauge()
                            .value())
                    .isGreaterThan(2.0);
            assertThat(fixture.registry
                            .get("projector.batches.failed")
                            .tag("fault", "transient")
                            .counter()
                            .count())
                    .isGreaterThan(3.0);
            statement.execute("alter database " + database + " allow_connections true");
        }

        ProjectorHarness.awaitCaughtUp(live, fixture.log, Duration.ofSeconds(60));
        fixture.awaitUntil(() -> health.health().getStatus().equals(Status.UP));
        assertThat(fixture.count(COMPACTS)).isEqualTo(1);
        assertThat(fixture.dsl().selectFrom(SESSIONS).fetchSingle().getRevoked())
                .isTrue();
        assertThat(fixture.registry.get("allocator.dead.letters").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(fixture.endOffsets(fixture.log.topic() + ".dlt").values())
                .as("nothing on the dead-letter topic")
                .allMatch(offset -> offset == 0L);
        assertThat(fixture.registry.get("projector.retrying.seconds").gauge().value())
                .isZero();
    }

    /** Sponsors with a session, compacts and a revocation each, interleaved as concurrent clients would. */
    private static List<EventEnvelope> history(int sponsors, int compactsEach) {
        List<List<EventEnvelope>> perSponsor = new ArrayList<>();
        for (int i = 0; i < sponsors; i++) {
            SponsorHistory sponsor = SponsorHistory.random();
            List<EventEnvelope> events = new ArrayList<>();
            String session = "session-" + i;
            events.add(sponsor.sessionCreated(session, T0, T0.plusSeconds(3600)));
            for (int c = 0; c < compactsEach - 1; c++) {
                events.add(sponsor.compactAllocated(
                        session,
                        ChainId.of(c % 2 == 0 ? 10 : 8453),
                        SponsorHistory.LOCK,
                        Uint256.of(100 + c),
                        1_800_000_000L + c,
                        c % 2 == 0,
                        T0.plusSeconds(c)));
            }
            events.add(sponsor.sessionRevoked(session, T0.plusSeconds(600)));
            perSponsor.add(events);
        }
        List<EventEnvelope> interleaved = new ArrayList<>();
        for (int step = 0; step <= compactsEach; step++) {
            for (List<EventEnvelope> events : perSponsor) {
                if (step < events.size()) {
                    interleaved.add(events.get(step));
                }
            }
        }
        return interleaved;
    }

    private static SponsorHistory samePartition(Fixture fixture, int partition) {
        while (true) {
            SponsorHistory candidate = SponsorHistory.random();
            if (fixture.partitionOf(candidate.sponsor()) == partition) {
                return candidate;
            }
        }
    }

    private static SponsorHistory otherPartition(Fixture fixture, int partition) {
        while (true) {
            SponsorHistory candidate = SponsorHistory.random();
            if (fixture.partitionOf(candidate.sponsor()) != partition) {
                return candidate;
            }
        }
    }

    private Fixture fixture() {
        HikariDataSource dataSource = TestPostgres.freshDataSource();
        cleanup.add(dataSource);
        return fixture(dataSource);
    }

    private Fixture fixture(HikariDataSource dataSource) {
        String topic = "events-" + UUID.randomUUID();
        EmbeddedBroker.createTopics(topic, topic + ".dlt");
        EventLog log = new EventLog(topic);
        cleanup.add(log);
        return new Fixture(dataSource, log, new SimpleMeterRegistry());
    }

    /** The positions table of the first generation. */
    private static final class ReadModelSchemasPositions {
        static Map<Integer, Long> read(DSLContext dsl) {
            Map<Integer, Long> positions = new HashMap<>();
            dsl.fetch("select partition, next_offset from read_model_g1.projection_positions")
                    .forEach(row -> positions.put(row.get(0, Integer.class), row.get(1, Long.class)));
            return positions;
        }
    }

    private final class Fixture {
        final HikariDataSource dataSource;
        final EventLog log;
        final SimpleMeterRegistry registry;

        Fixture(HikariDataSource dataSource, EventLog log, SimpleMeterRegistry registry) {
            this.dataSource = dataSource;
            this.log = log;
            this.registry = registry;
        }

        String schema() {
            return "read_model_g1";
        }

        DSLContext dsl() {
            return ReadModelSchemas.dsl(dataSource, schema());
        }

        Projector projector(int maxPollRecords, Duration backoff, CommitHook hook) {
            Projector projector =
                    ProjectorHarness.projector(dataSource, log.topic(), registry, maxPollRecords, backoff, hook);
            projectors.add(projector);
            return projector;
        }

        GenerationProjector start(CommitHook hook) {
            Projector projector = projector(500, Duration.ofMillis(50), hook);
            projector.start();
            return projector.live();
        }

        /** A second database that projected the same topic from offset 0 without any failure. */
        Fixture replayOf(EventLog source) {
            HikariDataSource other = TestPostgres.freshDataSource();
            cleanup.add(other);
            Fixture clean = new Fixture(other, source, new SimpleMeterRegistry());
            GenerationProjector live = clean.start(CommitHook.NONE);
            ProjectorHarness.awaitCaughtUp(live, source, Duration.ofSeconds(60));
            return clean;
        }

        int count(org.jooq.Table<?> table) {
            return dsl().fetchCount(table);
        }

        BigInteger floor(Address sponsor) {
            return dsl().select(NONCE_FLOORS.NEXT_FRAGMENT)
                    .from(NONCE_FLOORS)
                    .where(NONCE_FLOORS.SPONSOR.eq(sponsor.bytes()))
                    .fetchOptional(NONCE_FLOORS.NEXT_FRAGMENT)
                    .orElse(BigInteger.ZERO);
        }

        int partitionOf(Address sponsor) {
            byte[] key = sponsor.lowercase().getBytes(StandardCharsets.UTF_8);
            return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                    % EmbeddedBroker.PARTITIONS;
        }

        void awaitUntil(java.util.function.BooleanSupplier condition) {
            Instant deadline = Instant.now().plusSeconds(30);
            while (!condition.getAsBoolean()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("condition not met in time");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        Map<Integer, Long> endOffsets(String topic) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                Map<Integer, Long> offsets = new HashMap<>();
                consumer.endOffsets(
                                consumer.partitionsFor(topic).stream()
                                        .map(info ->
                                                new org.apache.kafka.common.TopicPartition(topic, info.partition()))
                                        .toList(),
                                Duration.ofSeconds(10))
                        .forEach((partition, offset) -> offsets.put(partition.partition(), offset));
                return offsets;
            }
        }

        ConsumerRecord<byte[], byte[]> readOne(String topic) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                consumer.subscribe(List.of(topic));
                Instant deadline = Instant.now().plusSeconds(30);
                while (Instant.now().isBefore(deadline)) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        return record;
                    }
                }
            }
            throw new AssertionError("nothing on " + topic);
        }
    }

    @SuppressWarnings("unused")
    private static final MessageCodec CODEC = new MessageCodec();
}

package dev.allocator.projector.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditCodec;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.projector.Projector;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.health.ProjectorHealthIndicator;
import dev.allocator.projector.rebuild.ReadModelRebuild;
import dev.allocator.projector.rebuild.RebuildStatus;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.ProjectorHarness;
import dev.allocator.testing.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log's read model against the real broker and PostgreSQL: every record once (a
 * redelivered record is not doubled), an unreadable record parked and passed, positions stored
 * with the rows, and a rebuild that replays the audit topic into the new generation.
 */
class AuditProjectionIT {
    private static final AuditCodec CODEC = new AuditCodec();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void storesEachRecordOnceParksTheUnreadableAndRebuildsIntoTheNextGeneration() throws Exception {
        HikariDataSource dataSource = TestPostgres.freshDataSource();
        cleanup.add(dataSource);
        String events = "events-" + UUID.randomUUID();
        String audit = "audit-" + UUID.randomUUID();
        EmbeddedBroker.createTopics(events, events + ".dlt", audit);
        KafkaProducer<String, byte[]> producer = producer();
        cleanup.add(producer);

        AuditRecord signIn = record(AuditAction.SIGN_IN, AuditOutcome.SUCCESS, null, 0);
        AuditRecord refused = record(AuditAction.SIGN_IN_FAILED, AuditOutcome.REFUSED, "INVALID_SIGNATURE", 1);
        send(producer, audit, signIn);
        send(producer, audit, refused);
        send(producer, audit, signIn); // redelivered: same id
        producer.send(new ProducerRecord<>(audit, "x", "not json".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        AuditRecord signOut = record(AuditAction.SIGN_OUT, AuditOutcome.SUCCESS, null, 2);
        send(producer, audit, signOut);

        Projector projector = ProjectorHarness.projector(
                dataSource, events, new SimpleMeterRegistry(), 50, Duration.ofMillis(50), CommitHook.NONE, audit);
        cleanup.add(projector::stop);
        projector.start();
        DSLContext dsl = DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES);

        await(() -> count(dsl, "read_model_g1") == 3, "three distinct records in read_model_g1");
        await(() -> positionSum(dsl, "read_model_g1") == 5, "positions past all five records");
        assertThat(dsl.fetch("select action, outcome, reason, actor_kind, actor_id, details::text from"
                                + " read_model_g1.audit_log order by occurred_at")
                        .map(r -> List.of(
                                r.get(0, String.class),
                                r.get(1, String.class),
                                String.valueOf(r.get(2, String.class)),
                                r.get(3, String.class),
                                r.get(4, String.class),
                                r.get(5, String.class))))
                .containsExactly(
                        List.of("SIGN_IN", "success", "null", "sponsor", sponsor(), "{\"chainId\": \"10\"}"),
                        List.of(
                                "SIGN_IN_FAILED",
                                "refused",
                                "INVALID_SIGNATURE",
                                "sponsor",
                                sponsor(),
                                "{\"chainId\": \"10\"}"),
                        List.of("SIGN_OUT", "success", "null", "sponsor", sponsor(), "{\"chainId\": \"10\"}"));
        assertThat(deadLettered(events + ".dlt")).isEqualTo(1);

        ReadModelRebuild rebuild = new ReadModelRebuild(projector, Duration.ofSeconds(60), Clock.systemUTC());
        RebuildStatus status = rebuild.rebuildAndWait(Duration.ofSeconds(90));

        assertThat(status.state()).as(status.message()).isEqualTo(RebuildStatus.State.SWITCHED);
        assertThat(count(dsl, "read_model_g2"))
                .as("the rebuild replays the audit topic")
                .isEqualTo(3);
        assertThat(projector.liveAudit())
                .hasValueSatisfying(p -> assertThat(p.generation().schema()).isEqualTo("read_model_g2"));

        send(producer, audit, record(AuditAction.SIGN_IN, AuditOutcome.SUCCESS, null, 3));
        await(() -> count(dsl, "read_model_g2") == 4, "the new generation keeps projecting the audit log");
    }

    @Test
    void aRecordOfANewerReleaseStopsItsPartitionInsteadOfBeingParkedAndARestartResumesThere() throws Exception {
        HikariDataSource dataSource = TestPostgres.freshDataSource();
        cleanup.add(dataSource);
        String events = "events-" + UUID.randomUUID();
        String audit = "audit-" + UUID.randomUUID();
        EmbeddedBroker.createTopics(events, events + ".dlt", audit);
        KafkaProducer<String, byte[]> producer = producer();
        cleanup.add(producer);

        send(producer, audit, record(AuditAction.SIGN_IN, AuditOutcome.SUCCESS, null, 0));
        ObjectNode future =
                (ObjectNode) JSON.readTree(CODEC.encode(record(AuditAction.SIGN_OUT, AuditOutcome.SUCCESS, null, 1)));
        future.put("schemaVersion", AuditCodec.VERSION + 1);
        long futureOffset = producer.send(new ProducerRecord<>(audit, sponsor(), JSON.writeValueAsBytes(future)))
                .get(10, TimeUnit.SECONDS)
                .offset();
        send(producer, audit, record(AuditAction.SIGN_IN, AuditOutcome.SUCCESS, null, 2));
        AuditRecord elsewhere = otherPartition(audit);
        send(producer, audit, elsewhere);
        int partition = partitionOf(sponsor());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Projector projector = ProjectorHarness.projector(
                dataSource, events, registry, 50, Duration.ofMillis(50), CommitHook.NONE, audit);
        cleanup.add(projector::stop);
        projector.start();
        DSLContext dsl = DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES);
        await(
                () -> projector.liveAudit().orElseThrow().stoppedPartitions().size() == 1
                        && count(dsl, "read_model_g1") == 2,
                "the sponsor's partition stopped, the other one projected");
        Thread.sleep(500); // give a wrong implementation time to pass the record

        assertThat(projector.liveAudit().orElseThrow().stoppedPartitions())
                .containsOnlyKeys(partition)
                .extractingByKey(partition)
                .asString()
                .contains("schema version 2")
                .contains("offset " + futureOffset);
        assertThat(count(dsl, "read_model_g1"))
                .as("nothing behind the stopped record")
                .isEqualTo(2);
        assertThat(position(dsl, partition)).isEqualTo(futureOffset);
        assertThat(deadLettered(events + ".dlt")).as("parked nothing").isZero();
        assertThat(registry.get("allocator.audit.partitions.stopped").gauge().value())
                .isEqualTo(1.0);
        Health health = new ProjectorHealthIndicator(projector, projector.properties()).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("stoppedAuditPartitions");
        projector.stop();

        // The next start (the release that reads version 2, in production) begins at that record.
        Projector restarted = ProjectorHarness.projector(
                dataSource, events, new SimpleMeterRegistry(), 50, Duration.ofMillis(50), CommitHook.NONE, audit);
        cleanup.add(restarted::stop);
        restarted.start();
        await(
                () -> restarted.liveAudit().orElseThrow().stoppedPartitions().containsKey(partition),
                "the restarted projector stops at the same record");
        assertThat(restarted.liveAudit().orElseThrow().stoppedPartitions().get(partition))
                .contains("offset " + futureOffset);
        assertThat(count(dsl, "read_model_g1")).isEqualTo(2);
        assertThat(position(dsl, partition)).isEqualTo(futureOffset);
    }

    private static AuditRecord otherPartition(String topic) {
        for (int i = 1; ; i++) {
            String ip = "10.0.0." + i;
            if (partitionOf(ip) != partitionOf(sponsor())) {
                return new AuditRecord(
                        UUID.randomUUID(),
                        T0,
                        AuditAction.RATE_LIMITED,
                        Actor.clientIp(ip),
                        AuditOutcome.REFUSED,
                        "RATE_LIMITED",
                        null,
                        Map.of());
            }
        }
    }

    private static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                % EmbeddedBroker.PARTITIONS;
    }

    private static long position(DSLContext dsl, int partition) {
        return dsl.fetchOptional("select next_offset from read_model_g1.audit_positions where partition = ?", partition)
                .map(r -> r.get(0, Long.class))
                .orElse(0L);
    }

    private static AuditRecord record(AuditAction action, AuditOutcome outcome, String reason, int minute) {
        return new AuditRecord(
                UUID.randomUUID(),
                T0.plusSeconds(60L * minute),
                action,
                Actor.sponsor(dev.allocator.model.value.Address.of(sponsor())),
                outcome,
                reason,
                "req-" + minute,
                Map.of("chainId", "10"));
    }

    private static String sponsor() {
        return "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, AuditRecord record)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, record.actor().id(), CODEC.encode(record)))
                .get(10, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static int count(DSLContext dsl, String schema) {
        return dsl.fetchOne("select count(*) from " + schema + ".audit_log").get(0, Integer.class);
    }

    private static long positionSum(DSLContext dsl, String schema) {
        return dsl.fetchOne("select coalesce(sum(next_offset), 0) from " + schema + ".audit_positions")
                .get(0, Long.class);
    }

    private static long deadLettered(String topic) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}

package dev.allocator.projector.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.testing.ReadModelSeed;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import dev.allocator.testing.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention job against real PostgreSQL, with rows written by the projector's own code path:
 * only compacts past expiry plus finalization plus the period go, each to the archive in the same
 * transaction; nonces stay used; a rebuild's re-created rows are pruned again without a second
 * archive copy; a second instance is kept out by the lock; metrics and the audit record report it.
 */
class ReadModelPruningIT {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration ALLOWANCE = Duration.ofHours(1);

    private HikariDataSource dataSource;
    private Generation generation;
    private final SponsorHistory sponsor = SponsorHistory.random();
    private final List<EventEnvelope> history = new ArrayList<>();

    @BeforeEach
    void seed() {
        dataSource = TestPostgres.freshDataSource();
        generation = ReadModelSeed.prepare(dataSource);
        Instant cutoff = NOW.minus(PERIOD).minus(ALLOWANCE);
        Instant signedAt = cutoff.minus(Duration.ofDays(1));
        history.add(sponsor.sessionCreated("s-1", signedAt, signedAt.plus(Duration.ofDays(7))));
        // Due: expired well before the cutoff, and one second before it.
        history.add(compact(cutoff.minus(Duration.ofDays(1)).getEpochSecond(), signedAt));
        history.add(compact(cutoff.getEpochSecond() - 1, signedAt));
        history.add(compact(cutoff.minus(Duration.ofHours(2)).getEpochSecond(), signedAt));
        // Kept: at the cutoff, and live.
        history.add(compact(cutoff.getEpochSecond(), signedAt));
        history.add(compact(NOW.plus(Duration.ofHours(1)).getEpochSecond(), NOW));
        ReadModelSeed.apply(dataSource, generation, history);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void prunesOnlyCompactsPastExpiryFinalizationAndPeriodAndArchivesThemInBatches() {
        DSLContext sql = DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES);
        List<String> documentsBefore = documents(sql, generation.schema(), "expires < " + cutoffSeconds());

        PruneRun run = pruner(2).run();

        assertThat(run.outcome()).isEqualTo(PruneRun.Outcome.DONE);
        assertThat(run.generation()).isEqualTo(generation.schema());
        assertThat(run.pruned()).isEqualTo(3);
        assertThat(run.archived()).isEqualTo(3);
        assertThat(count(sql, generation.schema() + ".compacts")).isEqualTo(2);
        assertThat(number(sql, "select min(expires) from " + generation.schema() + ".compacts"))
                .isEqualTo(cutoffSeconds());
        // Archived byte for byte: the document the API served, and every column beside it.
        assertThat(documents(sql, ReadModelSchemas.ARCHIVE, "true")).containsExactlyElementsOf(documentsBefore);
        assertThat(number(sql, "select count(distinct archived_from) from read_model_archive.compacts"))
                .isEqualTo(1);

        // Nonces are not the compacts' to take: all five stay used, the floor stays above them.
        assertThat(count(sql, generation.schema() + ".nonces")).isEqualTo(5);
        assertThat(number(sql, "select next_fragment from " + generation.schema() + ".nonce_floors"))
                .isEqualTo(5);

        assertThat(pruner(2).run().pruned()).isZero();
    }

    @Test
    void prunesRowsARebuildRecreatedWithoutASecondArchiveCopy() {
        pruner(1000).run();
        DSLContext sql = DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES);
        Object firstArchivedAt = sql.fetchValue("select min(archived_at) from read_model_archive.compacts");

        // A rebuild replays the log into the next generation, pruned rows included, and switches.
        Generation next = generation.next();
        ReadModelSchemas.migrateGeneration(dataSource, next.schema());
        ReadModelSeed.apply(dataSource, next, history);
        assertThat(ReadModelSchemas.switchActive(ReadModelSchemas.control(dataSource), generation, next))
                .isTrue();
        assertThat(count(sql, next.schema() + ".compacts")).isEqualTo(5);

        PruneRun again = pruner(1000).run();

        assertThat(again.generation()).isEqualTo(next.schema());
        assertThat(again.pruned()).isEqualTo(3);
        assertThat(again.archived()).isZero();
        assertThat(count(sql, next.schema() + ".compacts")).isEqualTo(2);
        assertThat(count(sql, "read_model_archive.compacts")).isEqualTo(3);
        assertThat(sql.fetchValue("select min(archived_at) from read_model_archive.compacts"))
                .isEqualTo(firstArchivedAt);
    }

    @Test
    void skipsARunWhileAnotherInstanceHoldsTheLock() throws Exception {
        try (Connection other = dataSource.getConnection();
                PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, ReadModelPruner.ADVISORY_LOCK);
            lock.execute();

            PruneRun run = pruner(1000).run();

            assertThat(run.outcome()).isEqualTo(PruneRun.Outcome.SKIPPED);
            assertThat(count(DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES), generation.schema() + ".compacts"))
                    .isEqualTo(5);
        }
        assertThat(pruner(1000).run().pruned()).isEqualTo(3);
    }

    @Test
    void reportsARunInMetricsAndOneAuditRecord() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<AuditRecord> audit = new ArrayList<>();
        RetentionJob job = new RetentionJob(
                pruner(1000), properties(1000), audit::add, registry, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(registry.get("allocator.read.model.prune.last.run.timestamp.seconds")
                        .gauge()
                        .value())
                .isNaN();

        job.runOnce();
        job.runOnce();

        assertThat(registry.get("allocator.read.model.pruned")
                        .tag("table", "compacts")
                        .counter()
                        .count())
                .isEqualTo(3.0);
        assertThat(registry.get("allocator.read.model.prune.runs")
                        .tag("outcome", "done")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(registry.get("allocator.read.model.prune.last.run.timestamp.seconds")
                        .gauge()
                        .value())
                .isEqualTo(NOW.getEpochSecond());
        // The second run pruned nothing, so it wrote no record.
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.action()).isEqualTo(AuditAction.READ_MODEL_PRUNED);
            assertThat(record.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(record.actor()).isEqualTo(RetentionJob.ACTOR);
            assertThat(record.details())
                    .containsEntry("table", "compacts")
                    .containsEntry("rows", "3")
                    .containsEntry("archived", "3")
                    .containsEntry("generation", generation.schema())
                    .containsEntry("cutoff", NOW.minus(PERIOD).minus(ALLOWANCE).toString());
        });
    }

    @Test
    void reportsAFailedRunAsFailed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<AuditRecord> audit = new ArrayList<>();
        DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES).execute("drop table " + generation.schema() + ".compacts");
        RetentionJob job = new RetentionJob(
                pruner(1000), properties(1000), audit::add, registry, Clock.fixed(NOW, ZoneOffset.UTC));

        PruneRun run = job.runOnce();

        assertThat(run.outcome()).isEqualTo(PruneRun.Outcome.FAILED);
        assertThat(registry.get("allocator.read.model.prune.runs")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(record.reason()).isEqualTo("PRUNE_FAILED");
        });
        // The lock was released: the failure does not keep the next run out.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, ReadModelPruner.ADVISORY_LOCK);
            var result = lock.executeQuery();
            result.next();
            assertThat(result.getBoolean(1)).isTrue();
            connection.prepareStatement("select pg_advisory_unlock_all()").execute();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private EventEnvelope compact(long expires, Instant at) {
        return sponsor.compactAllocated(
                "s-1", ChainId.of(10), SponsorHistory.LOCK, Uint256.of(1_000), expires, false, at);
    }

    private ReadModelPruner pruner(int batchSize) {
        return new ReadModelPruner(dataSource, properties(batchSize), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RetentionProperties properties(int batchSize) {
        return new RetentionProperties(true, PERIOD, ALLOWANCE, Duration.ofHours(1), Duration.ofMinutes(5), batchSize);
    }

    private static long cutoffSeconds() {
        return NOW.minus(PERIOD).minus(ALLOWANCE).getEpochSecond();
    }

    private static long count(DSLContext sql, String table) {
        return number(sql, "select count(*) from " + table);
    }

    private static long number(DSLContext sql, String query) {
        return sql.fetchSingle(query).get(0, Long.class);
    }

    /** Every column the archive shares with the read model, rendered as text, in key order. */
    private static List<String> documents(DSLContext sql, String schema, String where) {
        return sql.fetch("select row(chain_id, claim_hash, arbiter, sponsor, nonce, expires, lock_id, amount,"
                        + " witness_type_string, witness_hash, digest, signature, created_at, sponsor_sequence,"
                        + " session_id, nonce_assigned, document::text)::text from " + schema + ".compacts where "
                        + where + " order by chain_id, claim_hash")
                .getValues(0, String.class);
    }
}

package dev.allocator.projector.retention;

import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes compacts past their retention from the serving generation of the read model, moving each
 * one to {@code read_model_archive.compacts} in the same transaction as its delete.
 *
 * <p>One instance at a time: a run holds a session-level PostgreSQL advisory lock on its own
 * connection and is skipped when another process holds it (the projector is deployed as one
 * instance, but nothing stops a second one, and a rolling restart briefly runs two). Each batch of
 * at most {@code batchSize} rows is one transaction, so locks and WAL stay bounded and a failure
 * loses nothing: the rows of a failed batch stay where they were.
 *
 * <p>What pruning leaves intact: {@code nonces} and {@code nonce_floors} (a pruned compact's nonce
 * still reads as used, and GET /suggested-nonce never offers it), {@code sponsor_sequences} (the
 * projector's duplicate and gap checks) and {@code projection_positions}. Balances count live
 * compacts only, and a pruned compact stopped being live {@code period} before it was pruned.
 */
public final class ReadModelPruner {
    private static final Logger log = LoggerFactory.getLogger(ReadModelPruner.class);

    /**
     * The job's advisory lock key: below the projector's per-generation keys ({@code "alloc" << 16}
     * plus the generation number, from 1), so it never meets one of them.
     */
    static final long ADVISORY_LOCK = (0x616c6c6f63L << 16) - 1;

    private final DataSource dataSource;
    private final RetentionProperties properties;
    private final Clock clock;
    private volatile boolean archiveMigrated;

    public ReadModelPruner(DataSource dataSource, RetentionProperties properties, Clock clock) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.clock = clock;
    }

    /** One run: every due compact, batch by batch, unless another instance is running. */
    public PruneRun run() {
        return run(() -> true);
    }

    /**
     * One run that stops between batches once {@code keepGoing} says false (the application is
     * stopping); what was committed stays committed.
     */
    public PruneRun run(BooleanSupplier keepGoing) {
        long started = System.nanoTime();
        Instant cutoff = properties.cutoff(clock.instant());
        long pruned = 0;
        long archived = 0;
        String schema = null;
        try (Connection connection = dataSource.getConnection()) {
            DSLContext session = DSL.using(connection, SQLDialect.POSTGRES);
            if (!tryLock(session)) {
                log.info("Read-model retention skipped: another instance holds its lock");
                return new PruneRun(PruneRun.Outcome.SKIPPED, null, cutoff, 0, 0, since(started), null);
            }
            try {
                Optional<Generation> active = ReadModelSchemas.active(session);
                if (active.isEmpty()) {
                    return new PruneRun(PruneRun.Outcome.SKIPPED, null, cutoff, 0, 0, since(started), null);
                }
                schema = active.get().schema();
                if (!archiveMigrated) {
                    ReadModelSchemas.migrateArchive(dataSource);
                    archiveMigrated = true;
                }
                BigDecimal due = BigDecimal.valueOf(cutoff.getEpochSecond());
                while (keepGoing.getAsBoolean()) {
                    String generation = schema;
                    Record2<Long, Long> batch = session.transactionResult(
                            configuration -> pruneBatch(configuration.dsl(), generation, due));
                    pruned += batch.value1();
                    archived += batch.value2();
                    if (batch.value1() < properties.batchSize()) {
                        break;
                    }
                }
            } finally {
                unlock(session);
            }
            return new PruneRun(PruneRun.Outcome.DONE, schema, cutoff, pruned, archived, since(started), null);
        } catch (RuntimeException | SQLException e) {
            log.error(
                    "Read-model retention failed after pruning {} compacts from {}; the next run goes on",
                    pruned,
                    schema,
                    e);
            return new PruneRun(
                    PruneRun.Outcome.FAILED, schema, cutoff, pruned, archived, since(started), e.toString());
        }
    }

    /**
     * Moves at most one batch of due compacts to the archive in one statement: the delete and the
     * archive insert commit together. The due rows are found through the index on {@code expires}
     * ({@code compacts_live}, migration V3) rather than a scan of the table. A row archived before (pruned, then re-created by a rebuild)
     * keeps its first archive copy.
     *
     * @return rows deleted, rows newly archived
     */
    private Record2<Long, Long> pruneBatch(DSLContext tx, String generation, BigDecimal due) {
        return tx.resultQuery(
                        """
                        with due as (
                          select chain_id, claim_hash from {0}
                          where expires < {2}
                          order by expires
                          limit {3}
                          for update skip locked
                        ), moved as (
                          delete from {0} c using due d
                          where c.chain_id = d.chain_id and c.claim_hash = d.claim_hash
                          returning c.*
                        ), archived as (
                          insert into {1} (chain_id, claim_hash, arbiter, sponsor, nonce, expires, lock_id, amount,
                                           witness_type_string, witness_hash, digest, signature, created_at,
                                           sponsor_sequence, session_id, nonce_assigned, document, archived_from)
                          select chain_id, claim_hash, arbiter, sponsor, nonce, expires, lock_id, amount,
                                 witness_type_string, witness_hash, digest, signature, created_at,
                                 sponsor_sequence, session_id, nonce_assigned, document, {4}
                          from moved
                          on conflict (chain_id, claim_hash) do nothing
                          returning 1
                        )
                        select (select count(*) from moved), (select count(*) from archived)
                        """,
                        DSL.name(generation, "compacts"),
                        DSL.name(ReadModelSchemas.ARCHIVE, "compacts"),
                        DSL.val(due),
                        DSL.val(properties.batchSize()),
                        DSL.val(generation))
                .coerce(DSL.field("pruned", Long.class), DSL.field("archived", Long.class))
                .fetchSingle();
    }

    private static boolean tryLock(DSLContext session) {
        return Boolean.TRUE.equals(
                session.select(DSL.field("pg_try_advisory_lock({0})", Boolean.class, DSL.val(ADVISORY_LOCK)))
                        .fetchSingle()
                        .value1());
    }

    private static void unlock(DSLContext session) {
        session.select(DSL.field("pg_advisory_unlock({0})", Boolean.class, DSL.val(ADVISORY_LOCK)))
                .fetch();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}

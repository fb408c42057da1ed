package dev.allocator.query.admin;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SPONSOR_SEQUENCES;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The read-model numbers of {@code GET /admin/stats}. Each is one statement served by an index
 * (V3__admin_indexes.sql): sponsors by the sequences' primary key, live sessions by a partial index,
 * compacts per chain by (chain, created), live allocations by expiry with the amounts included.
 */
final class StatsQueries {
    private StatsQueries() {}

    record ReadModelStats(
            long sponsors,
            long liveSessions,
            long sessions,
            List<ChainCompacts> compacts,
            long liveCompacts,
            List<LockAllocation> liveAllocations,
            boolean allocationsTruncated) {}

    /** Compacts signed on one chain: since midnight UTC, and in total. */
    record ChainCompacts(String chainId, long today, long total) {}

    /** The live (unexpired) compacts on one lock: how many, and their amounts summed. */
    record LockAllocation(String chainId, String lockId, long compacts, String amount) {}

    static ReadModelStats read(DSLContext dsl, Instant now, int maxLocks) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        OffsetDateTime midnight = now.truncatedTo(ChronoUnit.DAYS).atOffset(ZoneOffset.UTC);
        BigInteger nowSeconds = BigInteger.valueOf(now.getEpochSecond());

        long sponsors = dsl.fetchCount(SPONSOR_SEQUENCES);
        long sessions = dsl.fetchCount(SESSIONS);
        long liveSessions = dsl.fetchCount(SESSIONS, SESSIONS.REVOKED.isFalse().and(SESSIONS.EXPIRES_AT.gt(at)));

        Field<Integer> total = DSL.count();
        Field<Integer> today = DSL.count().filterWhere(COMPACTS.CREATED_AT.ge(midnight));
        List<ChainCompacts> compacts = dsl.select(COMPACTS.CHAIN_ID, today, total)
                .from(COMPACTS)
                .groupBy(COMPACTS.CHAIN_ID)
                .orderBy(COMPACTS.CHAIN_ID)
                .fetch(row -> new ChainCompacts(Long.toString(row.value1()), row.value2(), row.value3()));

        long liveCompacts = dsl.fetchCount(COMPACTS, COMPACTS.EXPIRES.gt(nowSeconds));
        Field<BigDecimal> amount = DSL.sum(COMPACTS.AMOUNT);
        var rows = dsl.select(COMPACTS.CHAIN_ID, COMPACTS.LOCK_ID, DSL.count(), amount)
                .from(COMPACTS)
                .where(COMPACTS.EXPIRES.gt(nowSeconds))
                .groupBy(COMPACTS.CHAIN_ID, COMPACTS.LOCK_ID)
                .orderBy(amount.desc(), COMPACTS.CHAIN_ID, COMPACTS.LOCK_ID)
                .limit(maxLocks + 1)
                .fetch(row -> new LockAllocation(
                        Long.toString(row.value1()),
                        row.value2().toString(),
                        row.value3(),
                        row.value4().toBigInteger().toString()));
        boolean truncated = rows.size() > maxLocks;
        return new ReadModelStats(
                sponsors,
                liveSessions,
                sessions,
                compacts,
                liveCompacts,
                truncated ? List.copyOf(rows.subList(0, maxLocks)) : rows,
                truncated);
    }
}

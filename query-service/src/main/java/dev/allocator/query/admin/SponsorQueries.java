package dev.allocator.query.admin;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;
import static dev.allocator.readmodel.jooq.read_model.Tables.NONCES;
import static dev.allocator.readmodel.jooq.read_model.Tables.NONCE_FLOORS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SPONSOR_SEQUENCES;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Hex;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The read-model side of {@code GET /admin/sponsors/{address}}: every statement is bounded by the
 * page size or by the sponsor's chains and locks, and served by a sponsor-led index.
 */
final class SponsorQueries {
    private SponsorQueries() {}

    record SponsorView(
            Long lastSequence,
            long liveSessions,
            long sessionCount,
            List<SessionRow> sessions,
            long compactCount,
            List<CompactRow> compacts,
            Long nextCursor,
            List<ChainNonces> nonces,
            List<StatsQueries.LockAllocation> liveAllocations) {}

    /** A session, its id shown only as {@link SessionRefs a reference}. */
    record SessionRow(
            String ref,
            String chainId,
            String domain,
            String issuedAt,
            String expiresAt,
            boolean revoked,
            String revokedAt,
            boolean live) {}

    record CompactRow(
            long sequence,
            String chainId,
            String claimHash,
            String lockId,
            String amount,
            String nonce,
            String expires,
            boolean live,
            String createdAt,
            String sessionRef) {}

    /** Nonces used on one chain, and the lowest fragment still free there. */
    record ChainNonces(String chainId, long used, String nextFragment) {}

    /**
     * @param before show compacts with a sequence below this one (the cursor), or null for the newest
     */
    static SponsorView read(DSLContext dsl, Address sponsor, Instant now, int limit, Long before) {
        byte[] key = sponsor.bytes();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        BigInteger nowSeconds = BigInteger.valueOf(now.getEpochSecond());

        Long lastSequence = dsl.select(SPONSOR_SEQUENCES.LAST_SEQUENCE)
                .from(SPONSOR_SEQUENCES)
                .where(SPONSOR_SEQUENCES.SPONSOR.eq(key))
                .fetchOne(SPONSOR_SEQUENCES.LAST_SEQUENCE);

        Field<Integer> live = DSL.count().filterWhere(SESSIONS.REVOKED.isFalse().and(SESSIONS.EXPIRES_AT.gt(at)));
        var sessionCounts = dsl.select(DSL.count(), live)
                .from(SESSIONS)
                .where(SESSIONS.SPONSOR.eq(key))
                .fetchSingle();
        List<SessionRow> sessions = dsl.select(
                        SESSIONS.SESSION_ID,
                        SESSIONS.CHAIN_ID,
                        SESSIONS.DOMAIN,
                        SESSIONS.ISSUED_AT,
                        SESSIONS.EXPIRES_AT,
                        SESSIONS.REVOKED,
                        SESSIONS.REVOKED_AT)
                .from(SESSIONS)
                .where(SESSIONS.SPONSOR.eq(key))
                .orderBy(SESSIONS.ISSUED_AT.desc())
                .limit(limit)
                .fetch(row -> new SessionRow(
                        SessionRefs.of(row.value1()),
                        Long.toString(row.value2()),
                        row.value3(),
                        text(row.value4()),
                        text(row.value5()),
                        row.value6(),
                        text(row.value7()),
                        !row.value6() && row.value5().isAfter(at)));

        long compactCount = dsl.fetchCount(COMPACTS, COMPACTS.SPONSOR.eq(key));
        var page = dsl.select(
                        COMPACTS.SPONSOR_SEQUENCE,
                        COMPACTS.CHAIN_ID,
                        COMPACTS.CLAIM_HASH,
                        COMPACTS.LOCK_ID,
                        COMPACTS.AMOUNT,
                        COMPACTS.NONCE,
                        COMPACTS.EXPIRES,
                        COMPACTS.CREATED_AT,
                        COMPACTS.SESSION_ID)
                .from(COMPACTS)
                .where(COMPACTS.SPONSOR.eq(key))
                .and(before == null ? DSL.noCondition() : COMPACTS.SPONSOR_SEQUENCE.lt(before))
                .orderBy(COMPACTS.SPONSOR_SEQUENCE.desc())
                .limit(limit + 1)
                .fetch(row -> new CompactRow(
                        row.value1(),
                        Long.toString(row.value2()),
                        Hex.encode(row.value3()),
                        row.value4().toString(),
                        row.value5().toString(),
                        "0x" + String.format("%064x", row.value6()),
                        row.value7().toString(),
                        row.value7().compareTo(nowSeconds) > 0,
                        text(row.value8()),
                        SessionRefs.of(row.value9())));
        boolean more = page.size() > limit;
        List<CompactRow> compacts = more ? List.copyOf(page.subList(0, limit)) : page;
        Long next = more ? compacts.get(compacts.size() - 1).sequence() : null;

        Map<Long, String> floors = new HashMap<>();
        dsl.select(NONCE_FLOORS.CHAIN_ID, NONCE_FLOORS.NEXT_FRAGMENT)
                .from(NONCE_FLOORS)
                .where(NONCE_FLOORS.SPONSOR.eq(key))
                .forEach(row -> floors.put(row.value1(), row.value2().toString()));
        List<ChainNonces> nonces = dsl.select(NONCES.CHAIN_ID, DSL.count())
                .from(NONCES)
                .where(NONCES.SPONSOR.eq(key))
                .groupBy(NONCES.CHAIN_ID)
                .orderBy(NONCES.CHAIN_ID)
                .fetch(row -> new ChainNonces(
                        Long.toString(row.value1()), row.value2(), floors.getOrDefault(row.value1(), "0")));

        Field<BigDecimal> amount = DSL.sum(COMPACTS.AMOUNT);
        List<StatsQueries.LockAllocation> allocations = dsl.select(
                        COMPACTS.CHAIN_ID, COMPACTS.LOCK_ID, DSL.count(), amount)
                .from(COMPACTS)
                .where(COMPACTS.SPONSOR.eq(key))
                .and(COMPACTS.EXPIRES.gt(nowSeconds))
                .groupBy(COMPACTS.CHAIN_ID, COMPACTS.LOCK_ID)
                .orderBy(COMPACTS.CHAIN_ID, COMPACTS.LOCK_ID)
                .fetch(row -> new StatsQueries.LockAllocation(
                        Long.toString(row.value1()),
                        row.value2().toString(),
                        row.value3(),
                        row.value4().toBigInteger().toString()));

        return new SponsorView(
                lastSequence,
                sessionCounts.value2(),
                sessionCounts.value1(),
                sessions,
                compactCount,
                compacts,
                next,
                nonces,
                allocations);
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}

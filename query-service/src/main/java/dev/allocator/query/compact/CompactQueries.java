package dev.allocator.query.compact;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * The compact lookups, each served by an index — the primary key, or (sponsor, sequence desc).
 * Each row carries its API document, rendered by the projector; a list is one string aggregate
 * computed by PostgreSQL, so the service maps no rows at all.
 */
@Component
class CompactQueries {
    private static final Field<String> DOCUMENT = COMPACTS.DOCUMENT.cast(SQLDataType.CLOB);

    /** GetCompactByChainAndClaimHash, only among the sponsor's own compacts. */
    Optional<String> byChainAndClaimHash(DSLContext dsl, Address sponsor, ChainId chain, Bytes32 claimHash) {
        return dsl.select(DOCUMENT)
                .from(COMPACTS)
                .where(COMPACTS.CHAIN_ID.eq(chain.value()))
                .and(COMPACTS.CLAIM_HASH.eq(claimHash.bytes()))
                .and(COMPACTS.SPONSOR.eq(sponsor.bytes()))
                .fetchOptional(DOCUMENT);
    }

    /**
     * GetCompactsBySponsor, newest first, as the elements of a JSON array joined by commas.
     *
     * @param before only compacts older than this sponsor sequence, or null for the newest
     * @param limit the most compacts, or null for all
     */
    Page bySponsor(DSLContext dsl, Address sponsor, Long before, Integer limit) {
        Condition condition = COMPACTS.SPONSOR.eq(sponsor.bytes());
        if (before != null) {
            condition = condition.and(COMPACTS.SPONSOR_SEQUENCE.lt(before));
        }
        if (limit == null) {
            String all = dsl.select(DSL.field(
                            "string_agg({0}, ',' order by {1} desc)",
                            String.class, DOCUMENT, COMPACTS.SPONSOR_SEQUENCE))
                    .from(COMPACTS)
                    .where(condition)
                    .fetchOne(0, String.class);
            return new Page(all == null ? "" : all, null);
        }
        var rows = dsl.select(
                        DOCUMENT.as("d"),
                        COMPACTS.SPONSOR_SEQUENCE.as("s"),
                        DSL.rowNumber()
                                .over(DSL.orderBy(COMPACTS.SPONSOR_SEQUENCE.desc()))
                                .as("n"))
                .from(COMPACTS)
                .where(condition)
                .orderBy(COMPACTS.SPONSOR_SEQUENCE.desc())
                .limit(limit + 1)
                .asTable("page");
        Field<String> d = rows.field("d", String.class);
        Field<Long> s = rows.field("s", Long.class);
        Field<Long> n = rows.field("n", Long.class);
        var page = dsl.select(
                        DSL.field(
                                "string_agg({0}, ',' order by {1} desc) filter (where {2} <= {3})",
                                String.class, d, s, n, DSL.val((long) limit)),
                        DSL.count().gt(limit),
                        DSL.min(s).filterWhere(n.le((long) limit)))
                .from(rows)
                .fetchOne();
        String elements = page.value1() == null ? "" : page.value1();
        Long next = Boolean.TRUE.equals(page.value2()) ? page.value3() : null;
        return new Page(elements, next);
    }

    /**
     * @param elements the documents, newest first, comma-separated, without brackets
     * @param nextCursor the sequence to continue below, when more compacts exist
     */
    record Page(String elements, Long nextCursor) {}
}

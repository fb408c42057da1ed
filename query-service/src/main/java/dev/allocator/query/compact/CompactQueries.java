package dev.allocator.query.compact;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Hex;
import dev.allocator.model.value.Uint256;
import dev.allocator.readmodel.jooq.read_model.tables.records.CompactsRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** The compact lookups, each served by an index: the primary key or (sponsor, sequence desc). */
@Component
class CompactQueries {

    /** GetCompactByChainAndClaimHash, only among the sponsor's own compacts. */
    Optional<CompactRecord> byChainAndClaimHash(DSLContext dsl, Address sponsor, ChainId chain, Bytes32 claimHash) {
        return dsl.selectFrom(COMPACTS)
                .where(COMPACTS.CHAIN_ID.eq(chain.value()))
                .and(COMPACTS.CLAIM_HASH.eq(claimHash.bytes()))
                .and(COMPACTS.SPONSOR.eq(sponsor.bytes()))
                .fetchOptional()
                .map(row -> toView(row, new AddressFormat()));
    }

    /**
     * GetCompactsBySponsor, newest first.
     *
     * @param before only compacts older than this sponsor sequence, or null for the newest
     * @param limit the most rows, or null for all
     */
    List<Row> bySponsor(DSLContext dsl, Address sponsor, Long before, Integer limit) {
        Condition condition = COMPACTS.SPONSOR.eq(sponsor.bytes());
        if (before != null) {
            condition = condition.and(COMPACTS.SPONSOR_SEQUENCE.lt(before));
        }
        var query = dsl.selectFrom(COMPACTS).where(condition).orderBy(COMPACTS.SPONSOR_SEQUENCE.desc());
        List<CompactsRecord> rows =
                limit == null ? query.fetch() : query.limit(limit).fetch();
        AddressFormat addresses = new AddressFormat();
        return rows.stream()
                .map(row -> new Row(row.getSponsorSequence(), toView(row, addresses)))
                .toList();
    }

    private static CompactRecord toView(CompactsRecord row, AddressFormat addresses) {
        return new CompactRecord(
                Long.toString(row.getChainId()),
                new CompactRecord.Body(
                        row.getLockId().toString(),
                        addresses.checksummed(row.getArbiter()),
                        addresses.checksummed(row.getSponsor()),
                        new Uint256(row.getNonce()).toHex32(),
                        row.getExpires().toString(),
                        row.getAmount().toString(),
                        row.getWitnessTypeString(),
                        row.getWitnessHash() == null ? null : Hex.encode(row.getWitnessHash())),
                Hex.encode(row.getClaimHash()),
                Hex.encode(row.getSignature()),
                row.getCreatedAt().toInstant().toString());
    }

    /**
     * EIP-55 checksums cost a Keccak hash each; a page of a sponsor's compacts repeats the same
     * sponsor and a few arbiters, so each distinct address is hashed once per request.
     */
    private static final class AddressFormat {
        private final java.util.Map<java.nio.ByteBuffer, String> checksummed = new java.util.HashMap<>();

        String checksummed(byte[] address) {
            return checksummed.computeIfAbsent(
                    java.nio.ByteBuffer.wrap(address),
                    key -> Address.ofBytes(address).checksummed());
        }
    }

    /** A compact with its place in the sponsor's history, for cursors. */
    record Row(long sequence, CompactRecord compact) {}
}

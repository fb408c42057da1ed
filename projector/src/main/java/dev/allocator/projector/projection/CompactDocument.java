package dev.allocator.projector.projection;

import dev.allocator.model.compact.Compact;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/**
 * A compact as the read API returns it, rendered once when the event is projected: numbers as
 * strings (id, expires and amount in decimal, the nonce as 0x and 64 hex digits), checksummed
 * addresses, the witness fields present (null without a witness), the claim hash, the 64-byte
 * signature and the time of signing. Listing a sponsor's compacts then costs a concatenation of
 * stored text, not a mapping of every row.
 */
record CompactDocument(String chainId, Body compact, String hash, String signature, String createdAt) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    record Body(
            String id,
            String arbiter,
            String sponsor,
            String nonce,
            String expires,
            String amount,
            String witnessTypeString,
            String witnessHash) {}

    static String render(EventEnvelope envelope, CompactAllocated event) {
        Compact compact = event.compact();
        CompactDocument document = new CompactDocument(
                event.chainId().toString(),
                new Body(
                        compact.id().toString(),
                        compact.arbiter().checksummed(),
                        compact.sponsor().checksummed(),
                        compact.nonce().toHex32(),
                        compact.expires().toString(),
                        compact.amount().toString(),
                        compact.witnessTypeString(),
                        compact.witnessHash() == null
                                ? null
                                : compact.witnessHash().value()),
                event.claimHash().value(),
                event.signature().toCompactHex(),
                envelope.occurredAt().toString());
        return MAPPER.writeValueAsString(document);
    }
}

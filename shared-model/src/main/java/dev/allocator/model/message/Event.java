package dev.allocator.model.message;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import java.time.Instant;

/** Facts in the audit log, in the past tense. Adding a field is compatible; changing meaning is a new version. */
public sealed interface Event {
    record SessionCreated(
            String sessionId,
            Address sponsor,
            ChainId chainId,
            String domain,
            String siweNonce,
            Instant issuedAt,
            Instant expiresAt)
            implements Event {}

    record SessionRevoked(String sessionId, Address sponsor) implements Event {}

    /**
     * The allocator signed a compact. Carries everything needed to verify the signature and to
     * re-check the decision: the full compact, its hashes and the indexer snapshot used.
     *
     * @param nonceAssigned true when the allocator chose the nonce
     */
    record CompactAllocated(
            String sessionId,
            ChainId chainId,
            Compact compact,
            Bytes32 claimHash,
            Bytes32 digest,
            Signature signature,
            boolean nonceAssigned,
            LockSnapshot snapshot,
            String idempotencyKey)
            implements Event {}

    /**
     * An event this reader does not know: kept whole so that a consumer can stop or park it
     * loudly rather than skip it.
     *
     * @param payload the raw JSON of the payload
     */
    record UnknownEvent(String type, int schemaVersion, String payload) implements Event {}
}

package dev.allocator.model.message;

import dev.allocator.model.crypto.Signature;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Uint256;
import java.time.Instant;

/** The processor's answer to one command, read by the waiting HTTP tier with read_committed. */
public sealed interface Reply {
    record SessionAccepted(String sessionId, Address sponsor, Instant expiresAt) implements Reply {}

    record SessionRevocationAccepted(String sessionId) implements Reply {}

    /** The session was refreshed: {@code sessionId} replaces the old one until {@code expiresAt}. */
    record SessionRefreshAccepted(String sessionId, Address sponsor, Instant expiresAt, Instant absoluteExpiresAt)
            implements Reply {}

    /** The signature may leave the system: its CompactAllocated event committed with this reply. */
    record CompactSigned(Bytes32 claimHash, Signature signature, Uint256 nonce) implements Reply {}

    /**
     * The command was refused and changed nothing.
     *
     * @param message the client-facing text, as the reference API words it
     */
    record Rejected(Rejection reason, String message) implements Reply {}
}

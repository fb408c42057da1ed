package dev.allocator.model.message;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import java.time.Instant;

/** What the HTTP tier asks the sponsor processor to decide. Every command names its sponsor: the partition key. */
public sealed interface Command {
    Address sponsor();

    /**
     * Start a session whose SIWE message and signature the HTTP tier has verified; the nonce is
     * single-use.
     *
     * @param absoluteExpiresAt the limit no refresh of this session may pass (sign-in time plus the
     *     absolute session lifetime); null, as in commands sent before it existed, means {@code
     *     expiresAt}
     */
    record CreateSession(
            String sessionId,
            Address sponsor,
            ChainId chainId,
            String domain,
            String siweNonce,
            Instant issuedAt,
            Instant expiresAt,
            Instant absoluteExpiresAt)
            implements Command {
        /** A session that cannot be refreshed past its first expiry. */
        public CreateSession(
                String sessionId,
                Address sponsor,
                ChainId chainId,
                String domain,
                String siweNonce,
                Instant issuedAt,
                Instant expiresAt) {
            this(sessionId, sponsor, chainId, domain, siweNonce, issuedAt, expiresAt, null);
        }
    }

    /** End a session; from then on the processor refuses it. */
    record RevokeSession(String sessionId, Address sponsor) implements Command {}

    /**
     * Replace a live session by a new one: the old is revoked and the new opened in one decision.
     *
     * @param sessionId the session being refreshed
     * @param newSessionId the id of the session that replaces it, chosen by the HTTP tier
     * @param expiresAt the expiry asked for (the HTTP tier's now plus the session lifetime); the
     *     processor caps it at the session's absolute expiry
     */
    record RefreshSession(String sessionId, Address sponsor, String newSessionId, Instant expiresAt)
            implements Command {}

    /**
     * Co-sign a compact if the lock can never be over-allocated by it.
     *
     * @param compact the request; a null nonce asks the processor to assign the lowest unused one
     * @param idempotencyKey the client's Idempotency-Key header, or null
     */
    record AllocateCompact(
            String sessionId, ChainId chainId, Compact compact, LockSnapshot snapshot, String idempotencyKey)
            implements Command {
        @Override
        public Address sponsor() {
            return compact.sponsor();
        }

        /** Identifies this request behind its idempotency key. */
        public Bytes32 fingerprint() {
            return RequestFingerprint.of(chainId, compact);
        }
    }
}

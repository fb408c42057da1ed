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
    /**
     * A sponsor signed in.
     *
     * @param absoluteExpiresAt the limit no refresh of the session may pass; added to version 1
     *     later, so null in older events, which means {@code expiresAt} (such sessions could not be
     *     refreshed)
     */
    record SessionCreated(
            String sessionId,
            Address sponsor,
            ChainId chainId,
            String domain,
            String siweNonce,
            Instant issuedAt,
            Instant expiresAt,
            Instant absoluteExpiresAt)
            implements Event {
        /** As written before the absolute expiry existed. */
        public SessionCreated(
                String sessionId,
                Address sponsor,
                ChainId chainId,
                String domain,
                String siweNonce,
                Instant issuedAt,
                Instant expiresAt) {
            this(sessionId, sponsor, chainId, domain, siweNonce, issuedAt, expiresAt, null);
        }

        /** The absolute expiry, with an absent one read as the session's own expiry. */
        public Instant absoluteExpiry() {
            return absoluteExpiresAt == null ? expiresAt : absoluteExpiresAt;
        }
    }

    record SessionRevoked(String sessionId, Address sponsor) implements Event {}

    /**
     * A live session was replaced by a new one in one step: {@code previousSessionId} is revoked
     * and {@code sessionId} opened for the same sponsor, continuing the same sign-in (chain,
     * domain, SIWE nonce) with a new expiry and the unchanged absolute expiry.
     *
     * @param expiresAt when the new session ends unless refreshed or revoked first; never after
     *     {@code absoluteExpiresAt}
     */
    record SessionRefreshed(
            String previousSessionId, String sessionId, Address sponsor, Instant expiresAt, Instant absoluteExpiresAt)
            implements Event {}

    /**
     * The allocator signed a compact. Carries everything needed to verify the signature, to
     * re-check the decision and to rebuild the sponsor's state: the full compact, its hashes, the
     * indexer snapshot used and the fingerprint of the request behind the idempotency key.
     *
     * @param nonceAssigned true when the allocator chose the nonce
     * @param requestFingerprint {@link RequestFingerprint} of the request as sent (since version 2)
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
            String idempotencyKey,
            Bytes32 requestFingerprint)
            implements Event {
        public CompactAllocated {
            if (requestFingerprint == null) {
                throw new IllegalArgumentException("requestFingerprint is required");
            }
        }

        /** With the fingerprint of the request this event answers: its nonce was open exactly when assigned. */
        public CompactAllocated(
                String sessionId,
                ChainId chainId,
                Compact compact,
                Bytes32 claimHash,
                Bytes32 digest,
                Signature signature,
                boolean nonceAssigned,
                LockSnapshot snapshot,
                String idempotencyKey) {
            this(
                    sessionId,
                    chainId,
                    compact,
                    claimHash,
                    digest,
                    signature,
                    nonceAssigned,
                    snapshot,
                    idempotencyKey,
                    requestFingerprint(chainId, compact, nonceAssigned));
        }

        static Bytes32 requestFingerprint(ChainId chainId, Compact compact, boolean nonceAssigned) {
            return RequestFingerprint.of(chainId, nonceAssigned ? compact.withNonce(null) : compact);
        }
    }

    /**
     * An event this reader does not know: kept whole so that a consumer can stop or park it
     * loudly rather than skip it.
     *
     * @param payload the raw JSON of the payload
     */
    record UnknownEvent(String type, int schemaVersion, String payload) implements Event {}
}

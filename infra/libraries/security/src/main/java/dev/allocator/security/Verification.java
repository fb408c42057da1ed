package dev.allocator.security;

import java.time.Instant;
import java.util.Optional;

/** Whether a presented key may act now: a pure decision over the stored row. */
public sealed interface Verification {
    record Valid(StoredKey key) implements Verification {}

    /** @param reason for the log and the audit trail, never for the client (one answer for all) */
    record Invalid(String reason) implements Verification {}

    static Verification of(ApiKey presented, Optional<StoredKey> stored, Instant now) {
        if (stored.isEmpty()) {
            return new Invalid("unknown key");
        }
        StoredKey key = stored.get();
        if (!presented.matches(key.hash())) {
            return new Invalid("wrong secret");
        }
        if (key.revokedAt() != null && !now.isBefore(key.revokedAt())) {
            return new Invalid("revoked");
        }
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
            return new Invalid("expired");
        }
        return new Valid(key);
    }
}

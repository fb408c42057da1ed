package dev.allocator.security;

import java.time.Instant;

/**
 * One row of {@code allocator_security.api_keys}.
 *
 * @param totpSecret base32, or null when no second factor is enrolled
 */
public record StoredKey(
        String id,
        Role role,
        byte[] hash,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String totpSecret,
        String note,
        Instant lastUsedAt,
        long useCount) {

    public boolean totpEnrolled() {
        return totpSecret != null;
    }

    @Override
    public String toString() {
        return "StoredKey[" + id + ", " + role.label() + "]";
    }
}

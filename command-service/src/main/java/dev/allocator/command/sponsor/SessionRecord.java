package dev.allocator.command.sponsor;

import dev.allocator.model.value.Address;
import java.time.Instant;

/**
 * A session as the processor remembers it.
 *
 * @param absoluteExpiresAt the limit no refresh may pass; equal to {@code expiresAt} for sessions
 *     signed in before absolute expiries existed
 */
record SessionRecord(Address sponsor, Instant expiresAt, Instant absoluteExpiresAt, boolean revoked) {
    boolean isLiveFor(Address candidate, Instant now) {
        return !revoked && sponsor.equals(candidate) && now.isBefore(expiresAt);
    }

    SessionRecord revoke() {
        return new SessionRecord(sponsor, expiresAt, absoluteExpiresAt, true);
    }

    String encode() {
        return sponsor.lowercase() + "|" + expiresAt.toEpochMilli() + "|" + (revoked ? 1 : 0) + "|"
                + absoluteExpiresAt.toEpochMilli();
    }

    /** Reads both layouts: records written before the absolute expiry have three parts. */
    static SessionRecord decode(String text) {
        String[] parts = text.split("\\|");
        Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
        Instant absolute = parts.length > 3 ? Instant.ofEpochMilli(Long.parseLong(parts[3])) : expiresAt;
        return new SessionRecord(Address.of(parts[0]), expiresAt, absolute, "1".equals(parts[2]));
    }
}

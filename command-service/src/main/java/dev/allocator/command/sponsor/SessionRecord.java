package dev.allocator.command.sponsor;

import dev.allocator.model.value.Address;
import java.time.Instant;

/** A session as the processor remembers it. */
record SessionRecord(Address sponsor, Instant expiresAt, boolean revoked) {
    boolean isLiveFor(Address candidate, Instant now) {
        return !revoked && sponsor.equals(candidate) && now.isBefore(expiresAt);
    }

    String encode() {
        return sponsor.lowercase() + "|" + expiresAt.toEpochMilli() + "|" + (revoked ? 1 : 0);
    }

    static SessionRecord decode(String text) {
        String[] parts = text.split("\\|");
        return new SessionRecord(
                Address.of(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])), "1".equals(parts[2]));
    }
}

package dev.allocator.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who a request is counted against: a client IP (anonymous), a sponsor address, or an API key id.
 * Only {@link #hash()} leaves this class: bucket ids and events never carry the raw value.
 */
public record Subject(Tier tier, String id) {
    public Subject {
        if (tier == null || id == null || id.isBlank()) {
            throw new IllegalArgumentException("a subject needs a tier and an id");
        }
    }

    public static Subject clientIp(String address) {
        return new Subject(Tier.ANONYMOUS, address);
    }

    /** The first 16 bytes of SHA-256 over tier and id, hex: stable across instances, not reversible in practice. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tier.label() + "|" + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return tier.label() + ":" + hash();
    }
}

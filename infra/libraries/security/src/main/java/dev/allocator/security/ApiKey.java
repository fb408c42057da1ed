package dev.allocator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as a client sends it: {@code alk_<keyId>_<secret>}, the id 16 hex digits (public: it
 * names the key in logs, the audit trail and the admin API), the secret 32 random bytes in
 * base64url without padding. The id is the lookup; the whole key's hash is the proof.
 */
public record ApiKey(String keyId, String secret) {
    public static final String PREFIX = "alk_";

    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int SECRET_BYTES = 32;

    public ApiKey {
        if (!ID.matcher(keyId).matches() || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("not an API key");
        }
    }

    /** The key in a header, or empty when it is not one of ours (never says why: no oracle). */
    public static Optional<ApiKey> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        // The secret's alphabet contains '_', the id's does not: the first '_' after the prefix splits.
        int split = text.indexOf('_', PREFIX.length());
        if (split < 0) {
            return Optional.empty();
        }
        String id = text.substring(PREFIX.length(), split);
        String secret = text.substring(split + 1);
        if (!ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKey(id, secret));
    }

    public static ApiKey generate(SecureRandom random) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new ApiKey(
                HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** What the client sends. */
    public String text() {
        return PREFIX + keyId + "_" + secret;
    }

    /**
     * SHA-256 of the whole key. A password needs a slow, salted hash because people choose few
     * bits; this secret is 256 random bits, so neither a dictionary nor brute force can invert a
     * fast hash of it, and verifying costs microseconds on every request instead of a bcrypt's
     * tens of milliseconds.
     */
    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so the time taken reveals nothing of the stored hash. */
    public boolean matches(byte[] storedHash) {
        return MessageDigest.isEqual(hash(), storedHash);
    }

    /** Never the secret: a key printed by accident (a log, an exception) stays unusable. */
    @Override
    public String toString() {
        return "ApiKey[" + keyId + "]";
    }
}

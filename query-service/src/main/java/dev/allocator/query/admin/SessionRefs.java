package dev.allocator.query.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the admin views show instead of a session id: the first 16 hex digits of its SHA-256. Two
 * rows about one session (a session and the compacts signed under it) carry the same reference, so
 * an operator can tell them together, while nothing shown is part of anybody's token.
 */
final class SessionRefs {
    private SessionRefs() {}

    static String of(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

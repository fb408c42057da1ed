package dev.allocator.local;

import dev.allocator.model.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Secrets for local mode: the allocator key from {@code ALLOCATOR_PRIVATE_KEY}, or one generated on
 * first run and kept (owner-readable only) in the data directory; likewise the HMAC secrets.
 */
final class DevelopmentKey {
    private DevelopmentKey() {}

    static SigningKey allocatorKey(Path dataDir, String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return SigningKey.fromHex(fromEnvironment.trim());
        }
        Path file = dataDir.resolve("allocator.key");
        if (!Files.exists(file)) {
            writePrivate(file, SigningKey.generate(new SecureRandom()).privateKeyHex());
        }
        return SigningKey.fromHex(Files.readString(file).trim());
    }

    /** A random 32-byte hex secret, kept in the data directory under {@code name}. */
    static String secret(Path dataDir, String name) throws IOException {
        Path file = dataDir.resolve(name);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            writePrivate(file, HexFormat.of().formatHex(bytes));
        }
        return Files.readString(file).trim();
    }

    /** Writes {@code content} readable by the owner only (where the file system has POSIX modes). */
    static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the data directory's own permissions apply
        }
    }
}

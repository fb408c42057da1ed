package dev.allocator.local;

import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Local mode's first admin key: created on the first run, when {@code <data-dir>/admin-api-key}
 * does not exist yet, and kept there readable by the owner only. Only its hash is in the database;
 * the banner shows where the file is, never the key.
 */
final class AdminKey {
    static final String FILE = "admin-api-key";

    private AdminKey() {}

    static Path createOnFirstRun(Path dataDir, String jdbcUrl, String databasePassword) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return file;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser("postgres");
        dataSource.setPassword(databasePassword);
        KeyAdministration.Created created = new KeyAdministration(
                        new ApiKeyStore(dataSource), Clock.systemUTC(), new SecureRandom())
                .create(Role.ADMIN, null, false, "created by ./allocator local on first run");
        DevelopmentKey.writePrivate(file, created.key().text() + "\n");
        return file;
    }
}

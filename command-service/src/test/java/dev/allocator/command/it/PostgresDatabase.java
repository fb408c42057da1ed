package dev.allocator.command.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL for the whole test JVM, for the API keys (the command service's only use
 * of a database), started on first use and stopped when the JVM exits. Every instance of every IT
 * shares its {@code postgres} database, as the instances of a deployment share theirs; keys are
 * random, so tests do not see each other's.
 */
public final class PostgresDatabase {
    private static EmbeddedPostgres postgres;

    private PostgresDatabase() {}

    /** The database's JDBC URL (user and password {@code postgres}). */
    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is going away either way
                }
            }));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }
}

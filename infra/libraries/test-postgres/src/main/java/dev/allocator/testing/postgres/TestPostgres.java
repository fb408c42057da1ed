package dev.allocator.testing.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL 17 per test JVM, started on first use and stopped when the JVM exits;
 * tests get a fresh database each, so they never see each other's rows. Durability is off: a test
 * server that crashes is thrown away, and fsync would only slow every test down.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestPostgres() {}

    /** The JVM's server. */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start();
            EmbeddedPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
        }
        return shared;
    }

    /** A server of its own, for a test that stops it; the test closes it. */
    public static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            // stopping either way
        }
    }

    /** The shared server's {@code postgres} database (user and password {@code postgres}). */
    public static String postgresDatabaseUrl() {
        return shared().getJdbcUrl("postgres", "postgres");
    }

    /** Creates an empty database on the shared server and returns its JDBC URL (user and password {@code postgres}). */
    public static String freshDatabaseUrl() {
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection connection = shared().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return shared().getJdbcUrl("postgres", name);
    }

    /** A small pool on a fresh, empty database. */
    public static HikariDataSource freshDataSource() {
        return dataSource(freshDatabaseUrl(), 8);
    }

    public static HikariDataSource dataSource(String url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(poolSize);
        return new HikariDataSource(config);
    }
}

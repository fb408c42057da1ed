package dev.allocator.projector.testing;

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
 * One embedded PostgreSQL 17 per test JVM, started on first use and stopped when the JVM exits.
 * Tests get a fresh database each, so they never see each other's rows.
 */
public final class EmbeddedDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private EmbeddedDatabase() {}

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
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
        return postgres;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String freshDatabaseUrl() {
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres().getJdbcUrl("postgres", name);
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

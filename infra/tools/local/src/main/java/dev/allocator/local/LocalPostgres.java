package dev.allocator.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 inside the data directory, kept across restarts; its own process, stopped with us.
 * A runner killed hard (kill -9) cannot stop it, so the next start finds it still running on the
 * data directory and stops it first.
 */
final class LocalPostgres implements AutoCloseable {
    static final String DATABASE = "allocator";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final int port;

    private LocalPostgres(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    static LocalPostgres start(Path dataDir, int port) throws IOException, SQLException {
        stopStale(dataDir);
        Path pgData = dataDir.resolve("postgres");
        Files.createDirectories(pgData);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(port)
                // Stopped by the runner after the services that use it; a hook of its own would race
                // them at exit and fill the log with the pools' failed connections.
                .setRegisterShutdownHook(false)
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet exists =
                        statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        }
        return new LocalPostgres(postgres, port);
    }

    /**
     * Stops the PostgreSQL a previous runner left running on this data directory: the process its
     * {@code postmaster.pid} names, if that is alive and a postgres. Fast shutdown (SIGINT) first,
     * as {@code pg_ctl stop -m fast} would; SIGKILL only if it has not exited in time. Anything
     * else holding the port is left alone, and the port check reports it.
     */
    static void stopStale(Path dataDir) throws IOException {
        Path pgData = dataDir.resolve("postgres");
        Optional<ProcessHandle> stale = stalePostmaster(pgData);
        if (stale.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = stale.get();
        LOG.warn(
                "PostgreSQL (pid {}) is still running on {} from an earlier run that did not stop it; stopping it",
                postmaster.pid(),
                pgData);
        signal(postmaster, "INT");
        if (!awaitExit(postmaster, STOP_WAIT)) {
            postmaster.destroyForcibly();
            if (!awaitExit(postmaster, STOP_WAIT)) {
                throw new IllegalStateException(
                        "PostgreSQL (pid " + postmaster.pid() + ") on " + pgData + " did not stop; stop it by hand");
            }
        }
    }

    /** The live postgres process that {@code pgData/postmaster.pid} names for this data directory. */
    static Optional<ProcessHandle> stalePostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!sameDirectory(Path.of(lines.get(1).trim()), pgData)) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .command()
                        .map(command ->
                                Path.of(command).getFileName().toString().startsWith("postgres"))
                        .orElse(false));
    }

    private static boolean sameDirectory(Path recorded, Path pgData) {
        try {
            return Files.exists(recorded) && Files.isSameFile(recorded, pgData);
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill(1) here: fall back to SIGTERM, PostgreSQL's smart shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * The datasource settings the projector and the query service take. The embedded database
     * trusts loopback connections, so the password opens nothing; it is random rather than a word so
     * that, like a deployment's, it would be recognised if it ever reached the logs.
     */
    Map<String, String> connectionSettings(String password) {
        return Map.of(
                "spring.datasource.url",
                jdbcUrl(),
                "spring.datasource.username",
                "postgres",
                "spring.datasource.password",
                password);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}

package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the runner leaves its PostgreSQL running on the data directory and port; the next
 * start must recognise it as its own, stop it and start, instead of reporting the port as taken.
 */
class StalePostgresIT {

    @Test
    void stopsThePostgresOfAKilledRunnerAndStarts() throws Exception {
        Path data = Files.createTempDirectory("allocator-stale");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process runner = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Runner.class.getName(),
                        data.toString(),
                        Integer.toString(port)))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(Runner.STARTED)) {
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(started.get(180, TimeUnit.SECONDS)).isTrue();
        runner.destroyForcibly().waitFor();
        ProcessHandle stale =
                LocalPostgres.stalePostmaster(data.resolve("postgres")).orElseThrow();
        assertThat(stale.isAlive()).isTrue();

        try (LocalPostgres postgres = LocalPostgres.start(data, port);
                Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
                ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(stale.isAlive()).isFalse();
            assertThat(one.next()).isTrue();
        }
        assertThat(LocalPostgres.stalePostmaster(data.resolve("postgres"))).isEmpty();
    }

    @Test
    void leavesADataDirectoryWithoutARunningPostgresAlone() throws Exception {
        Path data = Files.createTempDirectory("allocator-stale");
        Files.createDirectories(data.resolve("postgres"));
        // A pid file left by a crash whose process is gone, or whose pid now belongs to another program.
        Files.writeString(
                data.resolve("postgres").resolve("postmaster.pid"),
                ProcessHandle.current().pid() + "\n" + data.resolve("postgres") + "\n");

        assertThat(LocalPostgres.stalePostmaster(data.resolve("postgres"))).isEmpty();
        LocalPostgres.stopStale(data);
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    /** A runner that starts PostgreSQL on the data directory and waits to be killed. */
    static final class Runner {
        static final String STARTED = "postgres started";

        public static void main(String[] args) throws Exception {
            LocalPostgres.start(Path.of(args[0]), Integer.parseInt(args[1]));
            System.out.println(STARTED);
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}

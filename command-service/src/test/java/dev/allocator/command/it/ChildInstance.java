package dev.allocator.command.it;

import dev.allocator.command.CommandServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command-service instance in its own JVM, so that a test can kill it as an operator's worst
 * day would: no shutdown hook, no graceful hand-off, an open transaction left behind.
 */
final class ChildInstance implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ChildInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ChildInstance start(Map<String, Object> settings, String name) {
        try {
            int port = freePort();
            Path log = Path.of("target", "failover-" + name + ".log");
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CommandServiceApplication.class.getName()));
            settings.forEach((key, value) -> command.add("--" + key + "=" + value));
            command.add("--server.port=" + port);
            command.add("--allocator.messaging.state-dir=" + Files.createTempDirectory("allocator-state-" + name));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildInstance(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Waits until /health says healthy. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance exited; see " + log.toAbsolutePath());
            }
            try {
                if (Http.get(baseUrl() + "/health", Map.of()).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("instance not healthy in " + timeout + "; see " + log.toAbsolutePath());
    }

    /** SIGKILL: nothing in the instance gets to run. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

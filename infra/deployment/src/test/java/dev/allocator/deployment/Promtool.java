package dev.allocator.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus' rule and configuration checker. Maven Central has no promtool; Debian's {@code
 * prometheus} package ships it as a static binary, so when it is not on the PATH it is fetched
 * without root ({@code apt-get download} plus {@code dpkg-deb -x}) into this module's target
 * directory and reused from there.
 */
final class Promtool {
    /** Set to {@code true} (environment) to make a missing promtool fail the build; CI sets it. */
    static final String REQUIRE_ENV = "ALLOCATOR_REQUIRE_PROMTOOL";
    /** The same as a system property, {@code -Dallocator.requirePromtool=true}. */
    static final String REQUIRE_PROPERTY = "allocator.requirePromtool";

    private static final Path CACHE = RepoFiles.path("infra/deployment/target/promtool");
    private static final Path EXTRACTED = CACHE.resolve("bin/promtool");
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private static Located located;

    private Promtool() {}

    /** Where promtool was found, or why it was not. */
    record Located(Optional<Path> binary, String how) {}

    /** The output of one run, stdout and stderr interleaved. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    static boolean required() {
        return Boolean.parseBoolean(System.getenv(REQUIRE_ENV)) || Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    /** Finds promtool once per JVM: on the PATH, extracted under target, or fetched there now. */
    static synchronized Located locate() {
        if (located == null) {
            located = onPath().map(path -> new Located(Optional.of(path), "on the PATH"))
                    .or(() -> works(EXTRACTED)
                            ? Optional.of(new Located(Optional.of(EXTRACTED), "fetched into target earlier"))
                            : Optional.empty())
                    .orElseGet(Promtool::fetch);
        }
        return located;
    }

    static Result run(Path binary, Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        return exec(command, workingDirectory, RUN_TIMEOUT);
    }

    private static Optional<Path> onPath() {
        return onPath("promtool").filter(Promtool::works);
    }

    private static boolean works(Path binary) {
        return Files.isExecutable(binary)
                && exec(List.of(binary.toString(), "--version"), CACHE.getParent(), RUN_TIMEOUT)
                        .succeeded();
    }

    private static Located fetch() {
        if (onPath("apt-get").isEmpty() || onPath("dpkg-deb").isEmpty()) {
            return new Located(
                    Optional.empty(),
                    "promtool is not on the PATH and apt-get/dpkg-deb are not available to fetch Debian's"
                            + " prometheus package");
        }
        Path download = CACHE.resolve("download");
        try {
            Files.createDirectories(download);
            Result got = exec(List.of("apt-get", "download", "prometheus"), download, FETCH_TIMEOUT);
            Optional<Path> deb = debIn(download);
            if (!got.succeeded() || deb.isEmpty()) {
                return new Located(
                        Optional.empty(),
                        "apt-get download prometheus failed (run apt-get update first?): " + got.output());
            }
            Path root = CACHE.resolve("root");
            Result extracted =
                    exec(List.of("dpkg-deb", "-x", deb.get().toString(), root.toString()), CACHE, FETCH_TIMEOUT);
            Files.delete(deb.get());
            // Keep promtool only: the package's server and web assets are 90 MB more.
            Path unpacked = root.resolve("usr/bin/promtool");
            if (extracted.succeeded() && Files.isExecutable(unpacked)) {
                Files.createDirectories(EXTRACTED.getParent());
                Files.move(unpacked, EXTRACTED, StandardCopyOption.REPLACE_EXISTING);
            }
            deleteTree(root);
            if (!extracted.succeeded() || !works(EXTRACTED)) {
                return new Located(
                        Optional.empty(), "dpkg-deb -x did not yield a working promtool: " + extracted.output());
            }
            return new Located(Optional.of(EXTRACTED), "fetched from Debian's prometheus package into " + CACHE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        return path == null
                ? Optional.empty()
                : Stream.of(path.split(File.pathSeparator))
                        .map(dir -> Path.of(dir, tool))
                        .filter(Files::isExecutable)
                        .findFirst();
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Optional<Path> debIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".deb"))
                    .findFirst();
        }
    }

    /** Runs a command with its output in a file, so a hung process cannot block on a full pipe. */
    private static Result exec(List<String> command, Path workingDirectory, Duration timeout) {
        try {
            Files.createDirectories(workingDirectory);
            Path output = Files.createTempFile("promtool", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, String.join(" ", command) + " timed out after " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + " could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", command) + " interrupted");
        }
    }
}

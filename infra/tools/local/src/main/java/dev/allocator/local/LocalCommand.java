package dev.allocator.local;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator local}: the whole system in one JVM ({@link LocalAllocator}) until Ctrl-C.
 * Every option has an environment variable; a flag wins over it.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Run Kafka, PostgreSQL 17, the indexer stand-in, every service and the gateway in one JVM.",
            "Data lives in the data directory and survives restarts; Ctrl-C stops everything."
        },
        footer = {
            "",
            "Each option's environment variable is in its description; a flag wins over it.",
            "Also from the environment:",
            "  ALLOCATOR_PRIVATE_KEY  the allocator's key; otherwise one is generated on the",
            "                         first run and kept in the data directory",
            "  ALLOCATOR_JAVA_OPTS    JVM options for ./allocator itself"
        })
public final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:ALLOCATOR_PORT:-3000}",
            description = "The API's port: the gateway in front of every service (env ALLOCATOR_PORT).")
    int port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "${env:ALLOCATOR_HOST:-" + LocalOptions.LOOPBACK + "}",
            description = "The address the API (--port) binds; 0.0.0.0 serves every interface. Kafka,"
                    + " PostgreSQL, the stand-in and the services always bind 127.0.0.1 (env ALLOCATOR_HOST).")
    String host;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "${env:ALLOCATOR_KAFKA_PORT:-19092}",
            description = "Kafka's port; its controller takes the next one (env ALLOCATOR_KAFKA_PORT).")
    int kafkaPort;

    @Option(
            names = "--postgres-port",
            paramLabel = "PORT",
            defaultValue = "${env:ALLOCATOR_POSTGRES_PORT:-15432}",
            description = "PostgreSQL's port (env ALLOCATOR_POSTGRES_PORT).")
    int postgresPort;

    @Option(
            names = "--indexer-port",
            paramLabel = "PORT",
            defaultValue = "${env:ALLOCATOR_INDEXER_PORT:-4000}",
            description = "The indexer stand-in's port (env ALLOCATOR_INDEXER_PORT).")
    int indexerPort;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:ALLOCATOR_DATA_DIR:-.allocator-data}",
            description = "Where Kafka, PostgreSQL, the keys and secrets keep their data (env ALLOCATOR_DATA_DIR).")
    Path dataDir;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            defaultValue = "${env:ALLOCATOR_BASE_URL}",
            description = "The origin clients use, which sign-in messages name (env ALLOCATOR_BASE_URL;"
                    + " default http://localhost:<port>).")
    String baseUrl;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "${env:ALLOCATOR_LOG_FORMAT:-json}",
            description = "json (one JSON object a line, as in a deployment) or text (for a terminal)"
                    + " (env ALLOCATOR_LOG_FORMAT).")
    String logFormat;

    @Option(
            names = "--seed",
            paramLabel = "FILE",
            defaultValue = "${env:ALLOCATOR_SEED}",
            description = "A JSON file of deposits and sessions to load once the stack is ready"
                    + " (docs/quickstart.md, \"Seed data\"; env ALLOCATOR_SEED).")
    Path seed;

    /** The options as given, checked; a usage error (exit status 2) when one is out of range. */
    LocalOptions options() {
        for (int[] checked : new int[][] {{port}, {kafkaPort}, {postgresPort}, {indexerPort}}) {
            if (checked[0] < 1 || checked[0] > 65_535) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "a port must be between 1 and 65535, got " + checked[0]);
            }
        }
        if (!LocalOptions.LOG_FORMATS.contains(logFormat)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--log-format must be json or text, got '" + logFormat + "'");
        }
        if (seed != null && !seed.toFile().isFile()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seed: no file " + seed);
        }
        String base = baseUrl == null || baseUrl.isBlank() ? "http://localhost:" + port : baseUrl;
        return new LocalOptions(
                port,
                kafkaPort,
                postgresPort,
                indexerPort,
                dataDir.toAbsolutePath(),
                base,
                host == null || host.isBlank() ? LocalOptions.LOOPBACK : host,
                logFormat,
                seed == null ? null : seed.toAbsolutePath());
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalOptions options = options();
        LocalAllocator allocator = new LocalAllocator();
        Runtime.getRuntime().addShutdownHook(new Thread(allocator::close, "local-shutdown"));
        try {
            allocator.start(options);
            allocator.printReady();
        } catch (LocalAllocator.PortInUseException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("Local stack failed to start: " + e.getMessage());
            e.printStackTrace(spec.commandLine().getErr());
            return 1;
        }
        // Runs until Ctrl-C: the shutdown hook stops everything.
        new CountDownLatch(1).await();
        return 0;
    }
}

package dev.allocator.local;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.crypto.SigningKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./allocator local}: the whole system in one JVM. Starts a Kafka broker (KRaft), PostgreSQL
 * 17 and the indexer stand-in, then the command service, the projector and the query service, each
 * as its own Spring application from its production main class and configuration, and the gateway
 * that serves them on one port as nginx does in a deployment. Data lives in the data directory and
 * survives restarts; Ctrl-C stops everything.
 */
public final class LocalAllocator implements AutoCloseable {
    private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
    /** What logback.xml reads to pick its appender. */
    private static final String LOG_FORMAT = "allocator.log.format";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<LocalService, ConfigurableApplicationContext> services = new EnumMap<>(LocalService.class);
    private LocalOptions options;
    private SigningKey allocatorKey;
    private IndexerStandIn indexer;
    private Duration startUp;
    private java.nio.file.Path adminKeyFile;
    private List<SeedFile.Started> seededSessions = List.of();

    /** {@code ./allocator local}: the root command line, which parses the options ({@link LocalCommand}). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new LocalCommand()).execute(args));
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public LocalAllocator start(LocalOptions options) throws Exception {
        long began = System.nanoTime();
        this.options = options;
        shareOneLoggingSystem(options.logFormat());
        // A seed file with a mistake fails before anything starts.
        SeedFile seed = options.seed() == null ? null : SeedFile.read(options.seed());
        Files.createDirectories(options.dataDir());
        // A database left running by a runner that was killed holds its port: ours, so stop it.
        LocalPostgres.stopStale(options.dataDir());
        requireFree("API", options.host(), options.apiPort(), "--port");
        requireFree("Kafka", LocalOptions.LOOPBACK, options.kafkaPort(), "--kafka-port");
        requireFree("Kafka controller", LocalOptions.LOOPBACK, options.kafkaPort() + 1, "--kafka-port");
        requireFree("PostgreSQL", LocalOptions.LOOPBACK, options.postgresPort(), "--postgres-port");
        requireFree("indexer stand-in", LocalOptions.LOOPBACK, options.indexerPort(), "--indexer-port");
        try {
            allocatorKey = DevelopmentKey.allocatorKey(options.dataDir(), System.getenv("ALLOCATOR_PRIVATE_KEY"));
            LocalKafka kafka = LocalKafka.start(options.dataDir(), options.kafkaPort(), options.kafkaPort() + 1);
            started.add(kafka);
            LocalPostgres postgres = LocalPostgres.start(options.dataDir(), options.postgresPort());
            started.add(postgres);
            indexer = IndexerStandIn.builder()
                    .host(LocalOptions.LOOPBACK)
                    .port(options.indexerPort())
                    .build()
                    .start();
            started.add(indexer);
            indexer.seedDemo(allocatorKey.address());
            if (seed != null) {
                seed.deposit(indexer, allocatorKey.address());
            }

            String tokenSecret = DevelopmentKey.secret(options.dataDir(), "session-token.secret");
            String nonceSecret = DevelopmentKey.secret(options.dataDir(), "session-nonce.secret");
            String databasePassword = DevelopmentKey.secret(options.dataDir(), "database.secret");
            String indexerUrl = indexer.url().toString();
            // In the order a deployment starts them: the command service creates the topics, the
            // projector owns the read-model schema, the query service reads both.
            Map<String, String> command = new LinkedHashMap<>();
            command.put("allocator.messaging.bootstrap-servers", kafka.bootstrapServers());
            command.put(
                    "allocator.messaging.state-dir",
                    options.dataDir().resolve("streams").toString());
            command.put("allocator.signing.private-key", allocatorKey.privateKeyHex());
            command.put("allocator.session.base-url", options.baseUrl());
            command.put("allocator.session.token-secret", tokenSecret);
            command.put("allocator.session.nonce-secret", nonceSecret);
            command.put("allocator.indexer.url", indexerUrl);
            command.putAll(postgres.connectionSettings(databasePassword));
            startService(LocalService.COMMAND, command);
            // The command service has migrated the key table; the first run gets an admin key.
            adminKeyFile = AdminKey.createOnFirstRun(options.dataDir(), postgres.jdbcUrl(), databasePassword);

            Map<String, String> projector = new LinkedHashMap<>();
            projector.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
            projector.putAll(postgres.connectionSettings(databasePassword));
            startService(LocalService.PROJECTOR, projector);

            Map<String, String> query = new LinkedHashMap<>();
            query.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
            query.putAll(postgres.connectionSettings(databasePassword));
            query.put("allocator.session.token-secret", tokenSecret);
            query.put(
                    "allocator.balance.allocator-address",
                    allocatorKey.address().lowercase());
            query.put("allocator.indexer.url", indexerUrl);
            // GET /openapi.json merges the other services' documents, from their loopback ports.
            query.put("allocator.api-docs.sources.command", serviceUrl(LocalService.COMMAND) + "/v3/api-docs");
            query.put("allocator.api-docs.sources.projector", serviceUrl(LocalService.PROJECTOR) + "/v3/api-docs");
            startService(LocalService.QUERY, query);

            Map<LocalService, URI> upstreams = new EnumMap<>(LocalService.class);
            services.keySet().forEach(service -> upstreams.put(service, serviceUrl(service)));
            // The API opens, and the banner appears, only once every service says it is ready.
            new Readiness().await(upstreams, Duration.ofSeconds(120));
            started.add(LocalGateway.start(options.host(), options.apiPort(), upstreams));
            if (seed != null) {
                // Signed in through the API like any wallet: the sessions are real ones.
                seededSessions = seed.signIn(apiUrl(), options.dataDir());
            }
            startUp = Duration.ofNanos(System.nanoTime() - began);
            return this;
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Starts one service from its production main class and {@code application.yml}, with only
     * where things are as overrides: a port of its own on loopback (the gateway serves the API),
     * the broker, database, stand-in and secrets of this stack.
     */
    private void startService(LocalService service, Map<String, String> settings) {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("spring.config.location", service.configFile().toString());
        arguments.put("server.address", LocalOptions.LOOPBACK);
        arguments.put("server.port", "0");
        arguments.put("spring.main.banner-mode", "off");
        if (!service.absentInProduction().isEmpty()) {
            arguments.put("spring.autoconfigure.exclude", String.join(",", service.absentInProduction()));
        }
        if (System.getenv("ALLOCATOR_CORS_ALLOWED_ORIGINS") == null) {
            arguments.put("allocator.cors.allowed-origins", options.corsOrigins());
        }
        arguments.putAll(settings);
        // Command-line arguments, so that they win over the service's application.yml, as the
        // environment variables of a deployment do.
        String[] args = arguments.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = ServiceName.runAs(
                service.serviceName(),
                () -> new SpringApplicationBuilder(service.application())
                        // Its start-up lines name the service's application, not this runner.
                        .main(service.application())
                        .registerShutdownHook(false)
                        .run(args));
        services.put(service, context);
        started.add(context::close);
    }

    /**
     * The three services share this JVM's one logging system. Left to Spring Boot, each would
     * reset it as it starts; instead logback.xml configures it once, in the chosen format, and
     * {@link ServiceName} puts each line's service in it.
     */
    private static void shareOneLoggingSystem(String format) {
        System.setProperty(LOGGING_SYSTEM, "none");
        // The JSON encoder loads Spring, which logs while logging starts; SLF4J would say it
        // replayed those lines, on every start.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        if (!format.equals(System.getProperty(LOG_FORMAT))) {
            // Logback configured itself when something first logged; again, in this format.
            System.setProperty(LOG_FORMAT, format);
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("cannot configure logging", e);
            }
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** A running service's Spring context, for tests that compare what it serves with what it documents. */
    ConfigurableApplicationContext context(LocalService service) {
        return services.get(service);
    }

    /** Where a service listens on loopback: its API and its actuator, as in a deployment. */
    URI serviceUrl(LocalService service) {
        int port = ((WebServerApplicationContext) services.get(service))
                .getWebServer()
                .getPort();
        return URI.create("http://" + LocalOptions.LOOPBACK + ":" + port);
    }

    void printReady() {
        String api = apiUrl();
        System.out.println();
        System.out.println("Compact allocator running locally (started in "
                + String.format("%.1f", startUp.toMillis() / 1000.0) + " s)");
        System.out.println("  API                 " + api + "  (bound to " + options.host() + ")");
        String metrics = "  Prometheus metrics  ";
        for (LocalService service : services.keySet()) {
            System.out.println(metrics + serviceUrl(service) + "/actuator/prometheus  (" + service.serviceName() + ")");
            metrics = " ".repeat(metrics.length());
        }
        System.out.println(
                "  Indexer stand-in    " + indexer.url() + "/graphql  (development stand-in, dev API under /dev)");
        System.out.println("  Allocator address   " + allocatorKey.address());
        System.out.println(
                "  Admin API key       " + adminKeyFile + "  (send as X-API-Key; more keys: ./allocator keys --help)");
        System.out.println("  Data directory      " + options.dataDir());
        if (options.seed() != null) {
            System.out.println("  Seed                " + options.seed() + "  (" + seededSessions.size()
                    + " sessions, tokens in " + options.dataDir().resolve(SeedFile.SESSIONS_FILE) + ")");
        }
        System.out.println("Press Ctrl-C to stop.");
    }

    public String apiUrl() {
        return "http://localhost:" + options.apiPort();
    }

    public IndexerStandIn indexer() {
        return indexer;
    }

    /** The sessions the seed file signed in, in its order; empty without one. */
    public List<SeedFile.Started> seededSessions() {
        return seededSessions;
    }

    public SigningKey allocatorKey() {
        return allocatorKey;
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
        started.clear();
        services.clear();
    }

    private static void requireFree(String what, String host, int port, String option) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new PortInUseException(
                    "Port " + port + " (" + what + ") is already in use: is another allocator running?"
                            + " Stop it or choose another port with " + option + ".");
        }
    }

    static final class PortInUseException extends IllegalStateException {
        PortInUseException(String message) {
            super(message);
        }
    }
}

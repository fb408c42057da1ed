package dev.allocator.local;

import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.crypto.SigningKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;

/**
 * {@code ./allocator local}: the whole system in one JVM. Starts a Kafka broker (KRaft), PostgreSQL
 * 17 and the indexer stand-in, then the command side, the projector and the query side behind one
 * port. Data lives in the data directory and survives restarts; Ctrl-C stops everything.
 */
public final class LocalAllocator implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private ConfigurableApplicationContext context;
    private LocalOptions options;
    private SigningKey allocatorKey;
    private IndexerStandIn indexer;

    public static void main(String[] args) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalAllocator allocator = new LocalAllocator();
        Runtime.getRuntime().addShutdownHook(new Thread(allocator::close, "local-shutdown"));
        try {
            allocator.start(options);
            allocator.printReady();
        } catch (PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("Local stack failed to start: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public LocalAllocator start(LocalOptions options) throws Exception {
        this.options = options;
        requireFree("API", options.apiPort(), "--port");
        requireFree("Kafka", options.kafkaPort(), "--kafka-port");
        requireFree("Kafka controller", options.kafkaPort() + 1, "--kafka-port");
        requireFree("PostgreSQL", options.postgresPort(), "--postgres-port");
        requireFree("indexer stand-in", options.indexerPort(), "--indexer-port");
        try {
            Files.createDirectories(options.dataDir());
            allocatorKey = DevelopmentKey.allocatorKey(options.dataDir(), System.getenv("ALLOCATOR_PRIVATE_KEY"));
            LocalKafka kafka = LocalKafka.start(options.dataDir(), options.kafkaPort(), options.kafkaPort() + 1);
            started.add(kafka);
            LocalPostgres postgres = LocalPostgres.start(options.dataDir(), options.postgresPort());
            started.add(postgres);
            indexer = IndexerStandIn.builder()
                    .host("127.0.0.1")
                    .port(options.indexerPort())
                    .build()
                    .start();
            started.add(indexer);
            indexer.seedDemo(allocatorKey.address());

            SpringApplication application = new SpringApplication(LocalAllocatorApplication.class);
            application.setRegisterShutdownHook(false);
            // The services share class names (SessionController, CompactController) in different packages.
            application.setBeanNameGenerator(FullyQualifiedAnnotationBeanNameGenerator.INSTANCE);
            context = application.run(springArguments(kafka, postgres));
            if (!context.getBean(SponsorProcessorRunner.class).awaitRunning(Duration.ofSeconds(120))) {
                throw new IllegalStateException("the sponsor processor did not start within two minutes");
            }
            return this;
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private String[] springArguments(LocalKafka kafka, LocalPostgres postgres) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(options.apiPort()));
        settings.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("allocator.messaging.bootstrap-servers", kafka.bootstrapServers());
        settings.put(
                "allocator.messaging.state-dir",
                options.dataDir().resolve("streams").toString());
        settings.put("spring.datasource.url", postgres.jdbcUrl());
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "postgres");
        settings.put("allocator.signing.private-key", allocatorKey.privateKeyHex());
        settings.put("allocator.session.base-url", options.baseUrl());
        settings.put(
                "allocator.session.token-secret", DevelopmentKey.secret(options.dataDir(), "session-token.secret"));
        settings.put(
                "allocator.session.nonce-secret", DevelopmentKey.secret(options.dataDir(), "session-nonce.secret"));
        settings.put("allocator.indexer.url", indexer.url().toString());
        settings.put(
                "allocator.balance.allocator-address", allocatorKey.address().lowercase());
        return settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    void printReady() {
        String api = "http://localhost:" + options.apiPort();
        System.out.println();
        System.out.println("Compact allocator running locally");
        System.out.println("  API                 " + api);
        System.out.println("  Prometheus metrics  " + api + "/actuator/prometheus");
        System.out.println(
                "  Indexer stand-in    " + indexer.url() + "/graphql  (development stand-in, dev API under /dev)");
        System.out.println("  Allocator address   " + allocatorKey.address());
        System.out.println("  Data directory      " + options.dataDir());
        System.out.println("Press Ctrl-C to stop.");
    }

    public String apiUrl() {
        return "http://localhost:" + options.apiPort();
    }

    public IndexerStandIn indexer() {
        return indexer;
    }

    public SigningKey allocatorKey() {
        return allocatorKey;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
        started.clear();
    }

    private static void requireFree(String what, int port, String option) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
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

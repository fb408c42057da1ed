package dev.allocator.command.it;

import dev.allocator.command.CommandServiceApplication;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.testing.postgres.TestPostgres;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One command-service instance in this JVM, on a free port, with its own state directory. */
public final class CommandInstance implements AutoCloseable {
    public static final String ALLOCATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    public static final String TOKEN_SECRET = "test-token-secret-0123456789abcdef0123456789";
    /** The chain the tests allocate on, and this allocator's id there. */
    public static final ChainId CHAIN = ChainId.of(10);

    public static final long ALLOCATOR_ID = 7;

    private final ConfigurableApplicationContext context;

    private CommandInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Settings every instance of one test shares: same topics, same processor application. */
    public static Map<String, Object> settings(String bootstrapServers, String indexerUrl, String namespace) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", 0);
        props.put("logging.structured.format.console", "");
        props.put("logging.level.org.apache.kafka", "WARN");
        props.put("allocator.signing.private-key", ALLOCATOR_KEY);
        props.put("allocator.session.base-url", "http://localhost:3000");
        props.put("allocator.session.token-secret", TOKEN_SECRET);
        props.put("allocator.session.nonce-secret", "test-nonce-secret-0123456789abcdef0123456789");
        props.put("allocator.messaging.bootstrap-servers", bootstrapServers);
        props.put("allocator.messaging.partitions", 4);
        props.put("allocator.messaging.application-id", namespace + "-processor");
        props.put("allocator.messaging.topics.commands", namespace + ".commands");
        props.put("allocator.messaging.topics.events", namespace + ".events");
        props.put("allocator.messaging.topics.replies", namespace + ".replies");
        props.put("allocator.messaging.topics.control", namespace + ".control");
        props.put("allocator.messaging.topics.dead-letters", namespace + ".events.dlt");
        props.put("allocator.audit.topic", namespace + ".audit");
        props.put("allocator.indexer.url", indexerUrl);
        props.put("spring.datasource.url", TestPostgres.postgresDatabaseUrl());
        props.put("spring.datasource.username", "postgres");
        props.put("spring.datasource.password", "postgres");
        // Every request here comes from one loopback address: the limits stay on (the filter runs,
        // buckets are taken in PostgreSQL, the headers are sent) but out of reach, except where a
        // test sets its own (RateLimitIT).
        for (String tier : new String[] {"anonymous", "sponsor"}) {
            for (String group : new String[] {"sign-in", "compacts", "reads"}) {
                props.put("allocator.rate-limit.tiers." + tier + "." + group + ".capacity", 1_000_000);
                props.put("allocator.rate-limit.tiers." + tier + "." + group + ".refill", 1_000_000);
            }
        }
        return props;
    }

    /** An indexer stand-in on a free port with this allocator registered on {@link #CHAIN}. */
    public static IndexerStandIn indexerWithThisAllocator() {
        return IndexerStandIn.builder()
                .registeredAllocator(
                        CHAIN, SigningKey.fromHex(ALLOCATOR_KEY).address(), BigInteger.valueOf(ALLOCATOR_ID))
                .build()
                .start();
    }

    public static CommandInstance start(Map<String, Object> settings) {
        try {
            Map<String, Object> props = new HashMap<>(settings);
            props.put(
                    "allocator.messaging.state-dir",
                    Files.createTempDirectory("allocator-state").toString());
            // Command-line arguments, so they win over application.yml.
            String[] args = props.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            ConfigurableApplicationContext context =
                    new SpringApplicationBuilder(CommandServiceApplication.class).run(args);
            // Tests start deciding at once; the first assignment can outlast one request's wait.
            if (!context.getBean(SponsorProcessorRunner.class).awaitRunning(Duration.ofSeconds(120))) {
                context.close();
                throw new IllegalStateException("the sponsor processor did not start within 120 s");
            }
            return new CommandInstance(context);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A new API key of {@code role} (no second factor), as {@code ./allocator keys create} makes one. */
    public String createKey(Role role) {
        return new KeyAdministration(bean(ApiKeyStore.class), Clock.systemUTC(), new SecureRandom())
                .create(role, null, false, "test")
                .key()
                .text();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("allocator");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}

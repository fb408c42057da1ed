package dev.allocator.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.projector.Projector;
import dev.allocator.projector.consumer.DeadLetters;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.ProjectorHarness;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.testing.postgres.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query service's health tells a stalled read side: its {@code readModel} component goes DOWN
 * when the projector stops keeping up with the log, and UP again once it has caught up. Beside it,
 * the broker, the database and its pool have components; readiness waits on none of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadModelHealthIT {
    static final String TOPIC = "events-" + UUID.randomUUID();
    static final String DB_URL;
    static final HikariDataSource DATA_SOURCE;
    static final EventLog LOG;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static {
        EmbeddedBroker.createTopics(TOPIC, TOPIC + ".dlt");
        DB_URL = TestPostgres.freshDatabaseUrl();
        DATA_SOURCE = TestPostgres.dataSource(DB_URL, 4);
        LOG = new EventLog(TOPIC);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyStore keyStore;

    /** Health details are for operators: every request here carries an auditor key. */
    private String auditorKey;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ReadSideProperties.register(registry, DB_URL, TOPIC);
        registry.add("allocator.consistency.lag-check-interval", () -> "100ms");
        registry.add("allocator.consistency.lag-unhealthy-after", () -> "1s");
        registry.add("allocator.session.token-secret", () -> "test-session-key-of-at-least-32-characters");
    }

    @AfterAll
    static void close() {
        LOG.close();
        DATA_SOURCE.close();
    }

    @Test
    void saysDownWhileTheProjectorIsStalledAndUpOnceItCaughtUp() throws Exception {
        SponsorHistory sponsor = SponsorHistory.random();
        LOG.append(sponsor.sessionCreated("s-1", T0, T0.plusSeconds(600)));
        Projector first = ProjectorHarness.projector(DATA_SOURCE, TOPIC);
        first.start();
        ProjectorHarness.awaitCaughtUp(first.live(), LOG, Duration.ofSeconds(30));
        awaitReadModel("UP");

        first.stop();
        LOG.append(sponsor.sessionRevoked("s-1", T0.plusSeconds(1)));
        JsonNode down = awaitReadModel("DOWN");
        assertThat(down.path("status").asString()).isEqualTo("DOWN");
        assertThat(down.path("components")
                        .path("readModel")
                        .path("details")
                        .path("lagOffsets")
                        .values())
                .as("the event and its transaction marker are not projected")
                .anyMatch(offsets -> offsets.asLong() > 0);
        assertThat(get("/actuator/prometheus"))
                .contains("query_read_model_behind_seconds")
                .contains("query_read_model_lag_offsets");

        Projector second = ProjectorHarness.projector(DATA_SOURCE, TOPIC);
        second.start();
        try {
            awaitReadModel("UP");
        } finally {
            second.stop();
        }
    }

    @Test
    void showsTheBrokerTheDatabaseThePoolAndTheDeadLetters() throws Exception {
        try (DeadLetters deadLetters = deadLetters()) {
            for (int i = 0; i < 2; i++) {
                deadLetters.park(
                        new ConsumerRecord<>(TOPIC, 0, i, new byte[] {1}, new byte[] {2}),
                        new IllegalStateException("unreadable"),
                        "unreadable");
            }
        }

        JsonNode health = await(
                "/actuator/health",
                h -> h.path("components")
                                .path("readModel")
                                .path("details")
                                .path("deadLetters")
                                .asLong()
                        == 2);
        JsonNode components = health.path("components");
        JsonNode readModel = components.path("readModel").path("details");
        assertThat(readModel.path("database").asString()).isEqualTo("UP");
        assertThat(readModel.path("lagOffsets").propertyNames())
                .as("one entry per partition of the event topic")
                .hasSize(EmbeddedBroker.PARTITIONS);
        assertThat(readModel.has("behindSeconds")).isTrue();

        JsonNode kafka = components.path("kafka");
        assertThat(kafka.path("status").asString()).isEqualTo("UP");
        assertThat(kafka.path("details").path("brokers").asInt()).isEqualTo(1);
        assertThat(kafka.path("details").path("clusterId").asString()).isNotBlank();

        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("db").path("details").path("database").asString())
                .isEqualTo("PostgreSQL");

        JsonNode pool = components.path("connectionPool");
        assertThat(pool.path("status").asString()).isEqualTo("UP");
        assertThat(pool.path("details").path("max").asInt()).isEqualTo(32);
        assertThat(pool.path("details").path("total").asInt()).isPositive();
        assertThat(pool.path("details").path("saturated").asBoolean()).isFalse();

        JsonNode readiness = json.readTree(get("/actuator/health/readiness"));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").propertyNames()).containsExactly("readinessState");

        JsonNode info = json.readTree(get("/actuator/info"));
        assertThat(info.path("build").path("artifact").asString()).isEqualTo("query-service");
    }

    private static DeadLetters deadLetters() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new DeadLetters(new KafkaProducer<>(config), TOPIC + ".dlt");
    }

    private JsonNode await(String path, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonNode health = json.readTree(get(path));
            if (condition.test(health)) {
                return health;
            }
            assertThat(Instant.now()).as(path + " in time; last " + health).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode awaitReadModel(String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonNode health = json.readTree(get("/actuator/health"));
            if (health.path("components")
                    .path("readModel")
                    .path("status")
                    .asString()
                    .equals(status)) {
                return health;
            }
            assertThat(Instant.now())
                    .as("readModel " + status + " in time; last " + health)
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private String get(String path) {
        if (auditorKey == null) {
            auditorKey = new KeyAdministration(keyStore, Clock.systemUTC(), new SecureRandom())
                    .create(Role.AUDITOR, null, false, "test")
                    .key()
                    .text();
        }
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .header("X-API-Key", auditorKey)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.allocator.projector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.readmodel.ReadModelSchemas;
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
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The projector as deployed: Boot wiring, configuration, metrics and the rebuild route behind API keys. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectorApplicationIT {
    static final String TOPIC = "events-" + UUID.randomUUID();
    static final String DB_URL;
    static final EventLog LOG;

    static {
        EmbeddedBroker.createTopics(TOPIC, TOPIC + ".dlt");
        DB_URL = TestPostgres.freshDatabaseUrl();
        LOG = new EventLog(TOPIC);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DB_URL);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", EmbeddedBroker::bootstrapServers);
        registry.add("allocator.projector.topic", () -> TOPIC);
        registry.add("allocator.projector.dead-letter-topic", () -> TOPIC + ".dlt");
    }

    @AfterAll
    static void close() {
        LOG.close();
    }

    @Autowired
    Projector projector;

    @Autowired
    ApiKeyStore keyStore;

    String key(Role role) {
        return new KeyAdministration(keyStore, Clock.systemUTC(), new SecureRandom())
                .create(role, null, false, "test")
                .key()
                .text();
    }

    @Test
    @Order(1)
    void projectsFromBootConfigurationAndRebuildsThroughTheOperatorRoute() throws Exception {
        SponsorHistory sponsor = SponsorHistory.random();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        LOG.append(sponsor.sessionCreated("boot-1", now, now.plusSeconds(60)));
        DSLContext g1 = ReadModelSchemas.dsl(dataSource, "read_model_g1");
        await(() -> g1.fetchCount(g1.selectFrom("read_model_g1.sessions")) == 1);

        String auditor = key(Role.AUDITOR);
        URI rebuild = URI.create("http://localhost:" + port + "/admin/read-model/rebuild");
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(rebuild)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("API_KEY_REQUIRED");
        HttpResponse<String> readOnly = http.send(
                HttpRequest.newBuilder(rebuild)
                        .header("X-API-Key", auditor)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.body()).contains("FORBIDDEN_ROLE");

        HttpResponse<String> started = http.send(
                HttpRequest.newBuilder(rebuild)
                        .header("Authorization", "Bearer " + key(Role.OPERATOR))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).contains("read_model_g2");
        await(() -> get("/admin/read-model/rebuild", auditor).contains("SWITCHED"));

        DSLContext control = ReadModelSchemas.control(dataSource);
        assertThat(ReadModelSchemas.active(control).orElseThrow().schema()).isEqualTo("read_model_g2");
        assertThat(g1.fetchCount(g1.selectFrom("read_model_g2.sessions"))).isEqualTo(1);
        assertThat(get("/actuator/prometheus"))
                .contains("projector_events_applied_total")
                .contains("projector_records_dead_lettered_total")
                .contains("projector_partitions_stopped")
                .contains(
                        "allocator_dead_letters_total{generation=\"read_model_g2\",reason=\"unstorable\",service=\"projector\"}")
                .contains("projector_retrying_seconds");
        JsonNode health = JsonMapper.builder()
                .build()
                .readTree(get("/actuator/health", auditor))
                .path("components")
                .path("projector");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("generation").asString()).isEqualTo("read_model_g2");
    }

    /** Runs last: it stops the projector. */
    @Test
    @Order(2)
    void showsTheBrokerAndTheDatabaseAndAnswers503WhenTheProjectorIsDown() throws Exception {
        HttpResponse<String> up = send("/actuator/health", key(Role.AUDITOR));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        JsonNode components = JSON.readTree(up.body()).path("components");
        assertThat(components.path("kafka").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("kafka").path("details").path("brokers").asInt())
                .isEqualTo(1);
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("projector").path("status").asString()).isEqualTo("UP");

        HttpResponse<String> readiness = send("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(JSON.readTree(readiness.body()).path("components").propertyNames())
                .containsExactly("readinessState");
        assertThat(JSON.readTree(get("/actuator/info"))
                        .path("build")
                        .path("artifact")
                        .asString())
                .isEqualTo("projector");

        projector.stop();
        HttpResponse<String> down = send("/actuator/health");
        assertThat(down.statusCode())
                .as("DOWN answers 503 beside the DEGRADED mapping")
                .isEqualTo(503);
        assertThat(JSON.readTree(down.body())
                        .path("components")
                        .path("projector")
                        .path("status")
                        .asString())
                .isEqualTo("DOWN");
        assertThat(send("/actuator/health/readiness").statusCode())
                .as("readiness does not follow the projector")
                .isEqualTo(200);
    }

    private HttpResponse<String> send(String path) throws Exception {
        return send(path, null);
    }

    private HttpResponse<String> send(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) {
        return get(path, null);
    }

    private String get(String path, String apiKey) {
        try {
            return send(path, apiKey).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}

package dev.allocator.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.projector.Projector;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EmbeddedDatabase;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.ProjectorHarness;
import dev.allocator.projector.testing.SponsorHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query service's health tells a stalled read side: its {@code readModel} component goes DOWN
 * when the projector stops keeping up with the log, and UP again once it has caught up.
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
        DB_URL = EmbeddedDatabase.freshDatabaseUrl();
        DATA_SOURCE = EmbeddedDatabase.dataSource(DB_URL, 4);
        LOG = new EventLog(TOPIC);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

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
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

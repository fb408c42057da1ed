package dev.allocator.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.Projector;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /admin/stats}, {@code GET /admin/sponsors/{address}} and {@code GET
 * /admin/config/query} over HTTP, after a known workload projected by the real projector into a
 * real PostgreSQL: the numbers are the workload's, session ids never show, and each route keeps
 * its role.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminViewsIT {
    static final String TOPIC = "events-" + UUID.randomUUID();
    static final String DB_URL;
    static final HikariDataSource DATA_SOURCE;
    static final EventLog LOG;
    static final ChainId OPTIMISM = ChainId.of(10);
    static final ChainId BASE = ChainId.of(8453);
    static final LockId LOCK = SponsorHistory.LOCK;
    static final long FUTURE = 4_000_000_000L;
    static final long PAST = 1_600_000_000L;
    static final String SECRET = "test-session-key-of-at-least-32-characters";
    static final SponsorHistory ALICE = SponsorHistory.random();
    static final SponsorHistory BOB = SponsorHistory.random();
    static Projector projector;

    static {
        EmbeddedBroker.createTopics(TOPIC, TOPIC + ".dlt");
        DB_URL = TestPostgres.freshDatabaseUrl();
        DATA_SOURCE = TestPostgres.dataSource(DB_URL, 4);
        LOG = new EventLog(TOPIC);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyStore keyStore;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DB_URL);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", EmbeddedBroker::bootstrapServers);
        registry.add("allocator.consistency.topic", () -> TOPIC);
        registry.add("allocator.consistency.dead-letter-topic", () -> TOPIC + ".dlt");
        registry.add("allocator.consistency.lag-check-interval", () -> "100ms");
        registry.add("allocator.session.token-secret", () -> SECRET);
        registry.add("allocator.admin.views.stats-max-locks", () -> "2");
    }

    /**
     * The workload: Alice signs in twice (one session revoked), signs three compacts on Optimism
     * (two live on LOCK, one expired) and one on Base; Bob signs in once and signs one live compact
     * on Optimism.
     */
    @BeforeAll
    static void workload() {
        Instant now = Instant.now();
        LOG.append(ALICE.sessionCreated("alice-session-1", now, now.plusSeconds(3600)));
        LOG.append(ALICE.sessionCreated("alice-session-2", now, now.plusSeconds(3600)));
        LOG.append(ALICE.sessionRevoked("alice-session-2", now));
        LOG.append(ALICE.compactAllocated("alice-session-1", OPTIMISM, LOCK, Uint256.of(10), FUTURE, false, now));
        LOG.append(ALICE.compactAllocated("alice-session-1", OPTIMISM, LOCK, Uint256.of(20), FUTURE, true, now));
        LOG.append(ALICE.compactAllocated("alice-session-1", OPTIMISM, LOCK, Uint256.of(40), PAST, false, now));
        LOG.append(ALICE.compactAllocated("alice-session-1", BASE, LOCK, Uint256.of(5), FUTURE, false, now));
        LOG.append(BOB.sessionCreated("bob-session-1", now, now.plusSeconds(3600)));
        LOG.append(BOB.compactAllocated("bob-session-1", OPTIMISM, LOCK, Uint256.of(100), FUTURE, false, now));
        projector = ProjectorHarness.projector(DATA_SOURCE, TOPIC);
        projector.start();
        ProjectorHarness.awaitCaughtUp(projector.live(), LOG, Duration.ofSeconds(60));
    }

    @AfterAll
    static void close() {
        projector.stop();
        LOG.close();
        DATA_SOURCE.close();
    }

    String key(Role role) {
        return new KeyAdministration(keyStore, Clock.systemUTC(), new SecureRandom())
                .create(role, null, false, "admin-views")
                .key()
                .text();
    }

    @Test
    void statsCountTheWorkload() throws Exception {
        String auditor = key(Role.AUDITOR);
        JsonNode stats = JSON.readTree(awaitMeasured(auditor));

        assertThat(stats.path("sponsors").asLong()).isEqualTo(2);
        assertThat(stats.path("sessions").path("live").asLong()).isEqualTo(2);
        assertThat(stats.path("sessions").path("total").asLong()).isEqualTo(3);
        assertThat(stats.path("compacts").path("today").asLong()).isEqualTo(5);
        assertThat(stats.path("compacts").path("total").asLong()).isEqualTo(5);
        List<String> perChain = new ArrayList<>();
        stats.path("compacts")
                .path("perChain")
                .forEach(chain -> perChain.add(chain.path("chainId").asString() + ":"
                        + chain.path("today").asLong() + "/"
                        + chain.path("total").asLong()));
        assertThat(perChain).containsExactly("10:4/4", "8453:1/1");

        JsonNode allocated = stats.path("allocated");
        assertThat(allocated.path("liveCompacts").asLong()).isEqualTo(4);
        assertThat(allocated.path("truncated").asBoolean()).isFalse();
        List<String> perLock = new ArrayList<>();
        allocated
                .path("perLock")
                .forEach(lock -> perLock.add(lock.path("chainId").asString() + ":"
                        + lock.path("lockId").asString() + ":"
                        + lock.path("compacts").asLong() + ":"
                        + lock.path("amount").asString()));
        assertThat(perLock)
                .as("live only (the expired 40 is not), largest first")
                .containsExactly("10:" + LOCK + ":3:130", "8453:" + LOCK + ":1:5");

        assertThat(stats.path("rejections").path("inReadModel").asBoolean()).isFalse();
        assertThat(stats.path("deadLetters").asLong()).isZero();
        assertThat(stats.path("projector").path("lagOffsets").isObject()).isTrue();
        assertThat(stats.path("generation").asString()).isEqualTo("read_model_g1");
        List<String> roles = new ArrayList<>();
        stats.path("keys").forEach(key -> {
            roles.add(key.path("role").asString());
            assertThat(key.has("hash")).isFalse();
            assertThat(key.has("uses")).isTrue();
        });
        assertThat(roles).contains("auditor");
        assertThat(JSON.writeValueAsString(stats)).doesNotContain("alice-session-1");
    }

    @Test
    void theSponsorViewShowsSessionsCompactsNoncesAndLiveAllocationsInPages() throws Exception {
        String auditor = key(Role.AUDITOR);
        HttpResponse<String> first = send("/admin/sponsors/" + ALICE.sponsor().lowercase() + "?limit=2", auditor);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).doesNotContain("alice-session-1").doesNotContain("alice-session-2");
        JsonNode view = JSON.readTree(first.body());
        assertThat(view.path("sponsor").asString()).isEqualTo(ALICE.sponsor().lowercase());
        assertThat(view.path("lastSequence").asLong()).isEqualTo(7);
        assertThat(view.path("sessions").path("live").asLong()).isEqualTo(1);
        assertThat(view.path("sessions").path("total").asLong()).isEqualTo(2);
        assertThat(view.path("sessions").path("newest")).hasSize(2);
        String ref = SessionRefs.of("alice-session-1");
        List<String> refs = new ArrayList<>();
        view.path("sessions")
                .path("newest")
                .forEach(session -> refs.add(session.path("ref").asString()));
        assertThat(refs).contains(ref).doesNotHaveDuplicates();

        assertThat(view.path("compacts").path("total").asLong()).isEqualTo(4);
        List<Long> sequences = new ArrayList<>();
        view.path("compacts").path("page").forEach(compact -> {
            sequences.add(compact.path("sequence").asLong());
            assertThat(compact.path("sessionRef").asString()).isEqualTo(ref);
        });
        assertThat(sequences).containsExactly(7L, 6L);
        String cursor = first.headers().firstValue("x-next-cursor").orElseThrow();
        JsonNode second = JSON.readTree(
                send("/admin/sponsors/" + ALICE.sponsor().lowercase() + "?limit=2&cursor=" + cursor, auditor)
                        .body());
        List<Long> rest = new ArrayList<>();
        second.path("compacts")
                .path("page")
                .forEach(compact -> rest.add(compact.path("sequence").asLong()));
        assertThat(rest).containsExactly(5L, 4L);

        List<String> nonces = new ArrayList<>();
        view.path("nonces")
                .forEach(chain -> nonces.add(chain.path("chainId").asString() + ":"
                        + chain.path("used").asLong() + ":"
                        + chain.path("nextFragment").asString()));
        assertThat(nonces).containsExactly("10:3:3", "8453:1:0");
        List<String> allocations = new ArrayList<>();
        view.path("liveAllocations")
                .forEach(lock -> allocations.add(lock.path("chainId").asString() + ":"
                        + lock.path("amount").asString()));
        assertThat(allocations).containsExactly("10:30", "8453:5");
    }

    @Test
    void refusesABadAddressAndKeepsEachRouteToItsRole() throws Exception {
        String auditor = key(Role.AUDITOR);
        HttpResponse<String> bad = send("/admin/sponsors/0x123", auditor);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(bad.body());
        assertThat(error.path("code").asString()).isEqualTo("INVALID_ADDRESS");
        assertThat(error.path("error").asString()).startsWith("Invalid Ethereum address format");
        assertThat(send("/admin/sponsors/" + BOB.sponsor().lowercase() + "?limit=5000", auditor)
                        .body())
                .contains("INVALID_LIMIT");

        assertThat(send("/admin/stats", null).statusCode()).isEqualTo(401);
        assertThat(send("/admin/stats", key(Role.PARTNER)).statusCode()).isEqualTo(403);
        assertThat(send("/admin/sponsors/" + BOB.sponsor().lowercase(), null).statusCode())
                .isEqualTo(401);
        assertThat(send("/admin/config/query", auditor).statusCode()).isEqualTo(403);
        HttpResponse<String> config = send("/admin/config/query", key(Role.OPERATOR));
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        assertThat(config.body()).doesNotContain(SECRET);
        JsonNode properties = JSON.readTree(config.body()).path("properties");
        assertThat(properties.path("allocator.session.token-secret").asString()).isEqualTo("******");
        assertThat(properties.path("spring.datasource.password").asString()).isEqualTo("******");
        assertThat(properties.path("allocator.consistency.topic").asString()).isEqualTo(TOPIC);
        assertThat(properties.path("allocator.admin.views.stats-max-locks").asString())
                .isEqualTo("2");
    }

    /** The stats once the lag has been measured at least once. */
    private String awaitMeasured(String apiKey) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            HttpResponse<String> answer = send("/admin/stats", apiKey);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode stats = JSON.readTree(answer.body());
            if (!stats.path("projector").path("measuredAt").isNull()
                    && !stats.path("deadLetters").isNull()) {
                return answer.body();
            }
            assertThat(Instant.now()).as("lag measured in time").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> send(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.allocator.projector.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.testing.postgres.TestPostgres;
import java.math.BigInteger;
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
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
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
 * The projector's admin routes as deployed: dead letters caused the way they happen (the read model
 * refusing an event), listed, replayed once the cause is gone, replayed again to no effect, and
 * replayed in vain while the cause stays; the effective configuration with its secrets masked; the
 * roles of each route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterAdminIT {
    static final String TOPIC = "events-" + UUID.randomUUID();
    static final String DB_URL;
    static final EventLog LOG;
    static final String LEAKABLE = "leak-me-not-" + UUID.randomUUID();
    static final ChainId OPTIMISM = ChainId.of(10);

    static {
        EmbeddedBroker.createTopics(TOPIC, TOPIC + ".dlt");
        DB_URL = TestPostgres.freshDatabaseUrl();
        LOG = new EventLog(TOPIC);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

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
        registry.add("allocator.projector.topic", () -> TOPIC);
        registry.add("allocator.projector.dead-letter-topic", () -> TOPIC + ".dlt");
        registry.add("allocator.projector.data-fault-max-attempts", () -> "2");
        registry.add("allocator.projector.retry-initial-backoff", () -> "10ms");
        registry.add("allocator.projector.retry-max-backoff", () -> "50ms");
        // A secret the configuration must never show, under a name that says so.
        registry.add("allocator.test.api-token", () -> LEAKABLE);
    }

    @AfterAll
    static void close() {
        LOG.close();
    }

    String key(Role role) {
        return new KeyAdministration(keyStore, Clock.systemUTC(), new SecureRandom())
                .create(role, null, false, "test")
                .key()
                .text();
    }

    @Test
    void listsDeadLettersAndReplaysThemOnceTheCauseIsGone() throws Exception {
        SponsorHistory hana = SponsorHistory.random();
        Instant now = Instant.now();
        DSLContext g1 = ReadModelSchemas.dsl(dataSource, "read_model_g1");
        LOG.append(hana.sessionCreated("dl-1", now, now.plusSeconds(600)));
        await(() -> g1.fetchCount(g1.selectFrom("read_model_g1.sessions")) == 1);

        // The read model refuses compacts of 99 for a while: a data fault, as a bad column would be.
        g1.execute("alter table read_model_g1.compacts add constraint refuse_99 check (amount <> 99)");
        LOG.append(hana.compactAllocated(
                "dl-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(99), 1_800_000_000L, false, now));
        // And this one it refuses for good: a NUL in text.
        LOG.append(hana.compactWithWitness(
                "dl-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(7), 1_800_000_000L, "Mandate mandate)\u0000", now));
        LOG.append(hana.compactAllocated(
                "dl-1", OPTIMISM, SponsorHistory.LOCK, Uint256.of(5), 1_800_000_000L, false, now));
        await(() -> g1.fetchCount(g1.selectFrom("read_model_g1.compacts")) == 1);

        String auditor = key(Role.AUDITOR);
        String operator = key(Role.OPERATOR);
        assertThat(send("GET", "/admin/dead-letters", null).statusCode()).isEqualTo(401);
        await(() -> entries(get("/admin/dead-letters", auditor)).size() == 2);
        List<JsonNode> entries = entries(get("/admin/dead-letters", auditor));
        JsonNode refused99 = entries.get(0);
        JsonNode nul = entries.get(1);
        assertThat(refused99.path("originalTopic").asString()).isEqualTo(TOPIC);
        assertThat(refused99.path("reason").asString()).isEqualTo("unstorable");
        assertThat(refused99.path("eventType").asString()).isEqualTo("CompactAllocated");
        assertThat(refused99.path("sponsor").asString())
                .isEqualTo(hana.sponsor().lowercase());
        assertThat(refused99.path("sequence").asLong()).isEqualTo(2);
        assertThat(refused99.path("error").asString()).contains("refuse_99");
        assertThat(refused99.path("id").asString()).matches("\\d+-\\d+");
        assertThat(refused99.path("parkedAt").asString()).isNotBlank();
        assertThat(refused99.path("replay").isNull()).isTrue();

        HttpResponse<String> firstPage = send("GET", "/admin/dead-letters?limit=1", auditor);
        assertThat(entries(firstPage.body())).hasSize(1);
        String cursor = firstPage.headers().firstValue("x-next-cursor").orElseThrow();
        assertThat(entries(get("/admin/dead-letters?limit=1&cursor=" + cursor, auditor)))
                .extracting(entry -> entry.path("id").asString())
                .containsExactly(nul.path("id").asString());
        assertThat(send("GET", "/admin/dead-letters?limit=0", auditor).body()).contains("INVALID_LIMIT");

        String replay99 = "/admin/dead-letters/" + refused99.path("id").asString() + "/replay";
        assertThat(send("POST", replay99, auditor).statusCode()).isEqualTo(403);
        HttpResponse<String> stillRefused = send("POST", replay99, operator);
        assertThat(stillRefused.statusCode()).isEqualTo(409);
        assertThat(stillRefused.body()).contains("DEAD_LETTER_REPLAY_FAILED").contains("refuse_99");

        g1.execute("alter table read_model_g1.compacts drop constraint refuse_99");
        HttpResponse<String> applied = send("POST", replay99, operator);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(JSON.readTree(applied.body()).path("outcome").asString()).isEqualTo("applied");
        assertThat(g1.fetch("select amount from read_model_g1.compacts order by amount")
                        .getValues(0, BigInteger.class))
                .containsExactly(BigInteger.valueOf(5), BigInteger.valueOf(99));
        assertThat(g1.fetchValue("select count(*) from read_model_g1.nonces", Long.class))
                .as("the replayed compact's nonce is used")
                .isEqualTo(2L);
        HttpResponse<String> again = send("POST", replay99, operator);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("outcome").asString()).isEqualTo("already-applied");
        assertThat(g1.fetchCount(g1.selectFrom("read_model_g1.compacts"))).isEqualTo(2);

        HttpResponse<String> nulAgain =
                send("POST", "/admin/dead-letters/" + nul.path("id").asString() + "/replay", operator);
        assertThat(nulAgain.statusCode()).isEqualTo(409);
        assertThat(nulAgain.body()).contains("DEAD_LETTER_REPLAY_FAILED");
        assertThat(send("POST", "/admin/dead-letters/0-999999/replay", operator).body())
                .contains("DEAD_LETTER_NOT_FOUND");
        assertThat(send("POST", "/admin/dead-letters/zero/replay", operator).body())
                .contains("INVALID_DEAD_LETTER_ID");

        List<JsonNode> after = entries(get("/admin/dead-letters", auditor));
        assertThat(after).hasSize(2);
        JsonNode replayed = after.get(0).path("replay");
        assertThat(replayed.path("outcome").asString()).isEqualTo("already-applied");
        assertThat(replayed.path("attempts").asInt()).isEqualTo(3);
        assertThat(replayed.path("generation").asString()).isEqualTo("read_model_g1");
        JsonNode failedAgain = after.get(1).path("replay");
        assertThat(failedAgain.path("outcome").asString()).isEqualTo("failed");
        assertThat(failedAgain.path("error").asString()).isNotBlank();
        assertThat(failedAgain.path("actor").asString()).isNotBlank();
    }

    @Test
    void showsItsOwnConfigurationToOperatorsWithSecretsMasked() throws Exception {
        assertThat(send("GET", "/admin/config/projector", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/config/projector", key(Role.AUDITOR)).statusCode())
                .isEqualTo(403);
        String operator = key(Role.OPERATOR);
        HttpResponse<String> config = send("GET", "/admin/config/projector", operator);
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        assertThat(config.body()).doesNotContain(LEAKABLE);
        JsonNode properties = JSON.readTree(config.body()).path("properties");
        assertThat(properties.path("allocator.projector.topic").asString()).isEqualTo(TOPIC);
        assertThat(properties.path("spring.datasource.url").asString()).isEqualTo(DB_URL);
        assertThat(properties.path("spring.datasource.password").asString()).isEqualTo("******");
        assertThat(properties.path("allocator.test.api-token").asString()).isEqualTo("******");
        assertThat(properties.path("spring.kafka.bootstrap-servers").asString())
                .isEqualTo(EmbeddedBroker.bootstrapServers());
        HttpResponse<String> other = send("GET", "/admin/config/query", operator);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("\"code\"");
    }

    private List<JsonNode> entries(String body) {
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(body).path("entries").forEach(entries::add);
        return entries;
    }

    private HttpResponse<String> send(String method, String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path, String apiKey) {
        try {
            return send("GET", path, apiKey).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}

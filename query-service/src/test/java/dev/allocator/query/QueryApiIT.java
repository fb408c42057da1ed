package dev.allocator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.Projector;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.ProjectorHarness;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.testing.postgres.TestPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Every query endpoint over HTTP, against a real broker, a real PostgreSQL and the real projector:
 * events go in through a transactional producer, answers come out of the read model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryApiIT {
    static final String KEY = "test-session-key-of-at-least-32-characters";
    static final Address ALLOCATOR = Address.of("0x1111111111111111111111111111111111111111");
    static final ChainId OPTIMISM = ChainId.of(10);
    static final LockId LOCK = SponsorHistory.LOCK;
    static final String TOPIC = "events-" + UUID.randomUUID();
    static final String DB_URL;
    static final HikariDataSource DATA_SOURCE;
    static final EventLog LOG;
    static final Address OTHER_ALLOCATOR = Address.of("0x2222222222222222222222222222222222222222");
    /** The indexer, over HTTP: its development stand-in, replaced when a test takes it down. */
    static IndexerStandIn indexer;

    static Projector projector;

    static {
        indexer = startIndexer(0);
        EmbeddedBroker.createTopics(TOPIC, TOPIC + ".dlt");
        DB_URL = TestPostgres.freshDatabaseUrl();
        DATA_SOURCE = TestPostgres.dataSource(DB_URL, 8);
        LOG = new EventLog(TOPIC);
        projector = ProjectorHarness.projector(DATA_SOURCE, TOPIC);
        projector.start();
    }

    private final SessionTokens tokens = new SessionTokens(KEY.getBytes(StandardCharsets.UTF_8));

    @Autowired
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ReadSideProperties.register(registry, DB_URL, TOPIC);
        registry.add("allocator.consistency.max-wait", () -> "2s");
        registry.add("allocator.session.token-secret", () -> KEY);
        registry.add("allocator.balance.allocator-address", ALLOCATOR::lowercase);
        registry.add("allocator.indexer.url", () -> indexer.url().toString());
        registry.add("resilience4j.retry.instances.indexer.wait-duration", () -> "10ms");
        // The down test's failures would otherwise open the circuit for the tests after it; the
        // breaker itself is tested with the client (IndexerClientIT).
        registry.add("resilience4j.circuitbreaker.instances.indexer.minimum-number-of-calls", () -> "1000");
        registry.add("resilience4j.circuitbreaker.instances.indexer.sliding-window-size", () -> "1000");
        // Every request here comes from one loopback address; the limits stay on (the filter runs,
        // the headers are sent) but out of reach. They are tested in the rate-limit library.
        for (String bucket : new String[] {"anonymous.reads", "anonymous.sign-in", "sponsor.reads"}) {
            registry.add("allocator.rate-limit.tiers." + bucket + ".capacity", () -> "1000000");
            registry.add("allocator.rate-limit.tiers." + bucket + ".refill", () -> "1000000");
        }
    }

    /** A stand-in on the port with this allocator registered under id 1 on chain 10 (LOCK's), another under 2. */
    static IndexerStandIn startIndexer(int port) {
        IndexerStandIn standIn = IndexerStandIn.builder().port(port).build().start();
        standIn.ledger().registerAllocator(OPTIMISM, ALLOCATOR, BigInteger.ONE);
        standIn.ledger().registerAllocator(OPTIMISM, OTHER_ALLOCATOR, BigInteger.TWO);
        return standIn;
    }

    /** A final deposit: an hour old, well past the chain's finalization threshold. */
    static void deposit(Address sponsor, LockId lock, long amount) {
        indexer.ledger()
                .deposit(
                        OPTIMISM,
                        sponsor,
                        lock,
                        Uint256.of(amount),
                        Instant.now().minusSeconds(3600));
    }

    @AfterAll
    static void stopProjector() {
        projector.stop();
        indexer.close();
    }

    // --- sessions -------------------------------------------------------------------------------

    @Test
    void aMissingSessionHeaderIs401SessionIdRequired() throws Exception {
        for (String path : List.of(
                "/session",
                "/compacts",
                "/compact/10/0x" + "00".repeat(32),
                "/balance/10/1",
                "/balances",
                "/suggested-nonce/10")) {
            Response response = get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.body().toString())
                    .as(path)
                    .isEqualTo("{\"error\":\"Session ID required\",\"code\":\"SESSION_REQUIRED\"}");
        }
    }

    @Test
    void aBadForeignExpiredRevokedOrUnknownSessionIs401InvalidSession() throws Exception {
        Client client = newClient();
        String foreign = new SessionTokens("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8))
                .issue(new SessionToken(client.sessionId, client.history.sponsor(), now(), now().plusSeconds(600)));
        String expired = tokens.issue(new SessionToken(
                client.sessionId, client.history.sponsor(), now().minusSeconds(7200), now().minusSeconds(60)));
        String neverCreated = tokens.issue(
                new SessionToken("never-created", client.history.sponsor(), now(), now().plusSeconds(600)));
        String otherSponsor = tokens.issue(
                new SessionToken(client.sessionId, SponsorHistory.random().sponsor(), now(), now().plusSeconds(600)));

        for (String token : List.of("garbage", foreign, expired, neverCreated, otherSponsor)) {
            Response response = get("/session", token);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().path("error").asString()).isEqualTo("Invalid session");
            assertThat(response.body().path("code").asString()).isEqualTo("INVALID_SESSION");
        }

        LOG.append(client.history.sessionRevoked(client.sessionId, now()));
        assertThat(get("/session", client.token).status())
                .as("revoked, read at once")
                .isEqualTo(401);
    }

    @Test
    void aTokenRefreshedAwayOrSignedOutIsRefusedAtOnceAndTheNewOneServes() throws Exception {
        Client client = newClient();
        String newSessionId = "refreshed-" + UUID.randomUUID();
        Instant expiresAt = now().plusSeconds(3600);
        String fresh = tokens.issue(new SessionToken(newSessionId, client.history.sponsor(), now(), expiresAt));
        assertThat(get("/session", fresh).status()).as("not refreshed yet").isEqualTo(401);

        LOG.append(client.history.sessionRefreshed(client.sessionId, newSessionId, expiresAt, now()));

        for (String path : List.of("/session", "/compacts", "/suggested-nonce/10")) {
            Response old = get(path, client.token);
            assertThat(old.status())
                    .as("%s with the refreshed-away token, read at once", path)
                    .isEqualTo(401);
            assertThat(old.body().path("code").asString()).isEqualTo("INVALID_SESSION");
            assertThat(get(path, fresh).status())
                    .as("%s with the new token", path)
                    .isEqualTo(200);
        }
        assertThat(get("/session", fresh).body().path("session").path("id").asString())
                .isEqualTo(fresh);

        LOG.append(client.history.sessionRevoked(newSessionId, now()));

        assertThat(get("/session", fresh).status())
                .as("signed out, read at once")
                .isEqualTo(401);
        assertThat(get("/compacts", fresh).status()).isEqualTo(401);
    }

    @Test
    void countsSessionChecksAndErrorAnswersWithTheirTags() throws Exception {
        Client client = newClient();
        double ok = validations("ok");
        double rejected = validations("rejected");
        double errors = invalidSessionErrors();

        assertThat(get("/session", client.token).status()).isEqualTo(200);
        assertThat(get("/session", "garbage").status()).isEqualTo(401);

        assertThat(validations("ok") - ok).isEqualTo(1);
        assertThat(validations("rejected") - rejected).isEqualTo(1);
        // The error is counted once its answer is complete, just after the client has it.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(invalidSessionErrors() - errors).isEqualTo(1));
        assertThat(registry.get("allocator.session")
                        .tags("operation", "validate", "outcome", "ok")
                        .timer()
                        .count())
                .isPositive();
    }

    private double validations(String outcome) {
        return registry.get("allocator.sessions")
                .tags("operation", "validate", "outcome", outcome)
                .counter()
                .count();
    }

    private double invalidSessionErrors() {
        Counter counter = registry.find("allocator.http.errors")
                .tags("method", "GET", "uri", "/session", "status", "401", "code", "INVALID_SESSION")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void getSessionReturnsTheSessionWithItsToken() throws Exception {
        Client client = newClient();

        Response response = get("/session", client.token);

        assertThat(response.status()).isEqualTo(200);
        JsonNode session = response.body().path("session");
        assertThat(fieldNames(session)).containsExactly("id", "address", "expiresAt");
        assertThat(session.path("id").asString()).isEqualTo(client.token);
        assertThat(session.path("address").asString())
                .isEqualTo(client.history.sponsor().checksummed());
        assertThat(Instant.parse(session.path("expiresAt").asString())).isEqualTo(client.expiresAt);
    }

    // --- compacts -------------------------------------------------------------------------------

    @Test
    void getCompactsPagesByADefaultSizeWithoutALimit() throws Exception {
        Client client = newClient();
        for (int i = 0; i < 101; i++) {
            client.compact(Uint256.of(1 + i), false);
        }

        Response response = get("/compacts", client.token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().size()).isEqualTo(100);
    }

    @Test
    void readsLogNoWarningPerRead() throws Exception {
        ch.qos.logback.classic.Logger kafka =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
                new ch.qos.logback.core.read.ListAppender<>();
        warnings.start();
        kafka.addAppender(warnings);
        try {
            Client client = newClient();
            for (int i = 0; i < 20; i++) {
                assertThat(get("/session", client.token).status()).isEqualTo(200);
            }
        } finally {
            kafka.detachAppender(warnings);
        }
        assertThat(warnings.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                // The audit producer sends in the background whatever earlier tests recorded; this
                // broker has no audit topic, so it may warn about that while the reads run.
                .filteredOn(message -> !message.startsWith("[Producer clientId=audit-log]"))
                .isEmpty();
    }

    @Test
    void getCompactsListsTheSponsorsCompactsNewestFirstWithEveryField() throws Exception {
        Client client = newClient();
        EventEnvelope first = client.compact(Uint256.of(100), true);
        EventEnvelope second = client.compact(Uint256.of(200), false);
        Client stranger = newClient();
        stranger.compact(Uint256.of(300), false);

        Response response = get("/compacts", client.token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().size()).isEqualTo(2);
        JsonNode newest = response.body().get(0);
        assertThat(fieldNames(newest)).containsExactly("chainId", "compact", "hash", "signature", "createdAt");
        assertThat(fieldNames(newest.path("compact")))
                .containsExactly(
                        "id", "arbiter", "sponsor", "nonce", "expires", "amount", "witnessTypeString", "witnessHash");
        assertThat(newest.path("hash").asString()).isEqualTo(claimHash(second).value());
        assertThat(newest.path("compact").path("witnessTypeString").isNull()).isTrue();
        assertThat(newest.path("compact").path("witnessHash").isNull()).isTrue();
        JsonNode older = response.body().get(1);
        assertThat(older.path("hash").asString()).isEqualTo(claimHash(first).value());
        assertCompactMatches(older, first);
    }

    @Test
    void getCompactsPagesWithLimitAndCursor() throws Exception {
        Client client = newClient();
        List<EventEnvelope> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(client.compact(Uint256.of(10 + i), false));
        }

        Response page1 = get("/compacts?limit=2", client.token);
        assertThat(hashes(page1.body())).containsExactly(hash(written.get(4)), hash(written.get(3)));
        String cursor = page1.headers().firstValue("x-next-cursor").orElseThrow();
        Response page2 = get("/compacts?limit=2&cursor=" + cursor, client.token);
        assertThat(hashes(page2.body())).containsExactly(hash(written.get(2)), hash(written.get(1)));
        Response page3 = get(
                "/compacts?limit=2&cursor="
                        + page2.headers().firstValue("x-next-cursor").orElseThrow(),
                client.token);
        assertThat(hashes(page3.body())).containsExactly(hash(written.get(0)));
        assertThat(page3.headers().firstValue("x-next-cursor")).isEmpty();

        assertError(get("/compacts?limit=0", client.token), 400, "INVALID_LIMIT");
        assertError(get("/compacts?limit=1001", client.token), 400, "INVALID_LIMIT");
        assertError(get("/compacts?limit=abc", client.token), 400, "INVALID_LIMIT");
        assertError(get("/compacts?cursor=-1", client.token), 400, "INVALID_CURSOR");
    }

    @Test
    void getCompactReturnsOnlyTheSessionsOwnCompact() throws Exception {
        Client owner = newClient();
        EventEnvelope compact = owner.compact(Uint256.of(42), true);
        Client stranger = newClient();
        String path = "/compact/10/" + hash(compact);

        Response own = get(path, owner.token);
        assertThat(own.status()).isEqualTo(200);
        assertCompactMatches(own.body(), compact);

        Response foreign = get(path, stranger.token);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().toString())
                .isEqualTo("{\"error\":\"Compact not found\",\"code\":\"COMPACT_NOT_FOUND\"}");
        assertError(get("/compact/8453/" + hash(compact), owner.token), 404, "COMPACT_NOT_FOUND");
    }

    @Test
    void badPathParametersAre400WithAClearMessage() throws Exception {
        Client client = newClient();
        Response badChain = get("/compact/abc/0x" + "00".repeat(32), client.token);
        assertThat(badChain.status()).isEqualTo(400);
        assertThat(badChain.body().path("error").asString()).isEqualTo("Invalid chain ID format");
        assertError(get("/compact/0/0x" + "00".repeat(32), client.token), 400, "INVALID_CHAIN_ID");
        assertError(get("/compact/10/0x1234", client.token), 400, "INVALID_CLAIM_HASH");
        assertError(get("/suggested-nonce/-5", client.token), 400, "INVALID_CHAIN_ID");
        assertError(get("/balance/10/notanumber", client.token), 400, "INVALID_LOCK_ID");
        assertError(get("/balance/99999999999999999999/1", client.token), 400, "INVALID_CHAIN_ID");
        assertError(get("/no/such/path", client.token), 404, "NOT_FOUND");
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/compacts"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(json.readTree(post.body()).path("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    // --- nonces ---------------------------------------------------------------------------------

    @Test
    void suggestedNonceIsTheLowestUnusedFragmentForTheSponsorAndChain() throws Exception {
        Client client = newClient();
        String prefix = client.history.sponsor().lowercase();

        assertThat(get("/suggested-nonce/10", client.token).body().path("nonce").asString())
                .isEqualTo(prefix + "0".repeat(24));
        client.compact(Uint256.ONE, false);
        client.compact(Uint256.ONE, false);

        Response response = get("/suggested-nonce/10", client.token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(fieldNames(response.body())).containsExactly("nonce");
        assertThat(response.body().path("nonce").asString()).isEqualTo(prefix + "0".repeat(23) + "2");
        assertThat(get("/suggested-nonce/8453", client.token)
                        .body()
                        .path("nonce")
                        .asString())
                .isEqualTo(prefix + "0".repeat(24));
    }

    // --- balances -------------------------------------------------------------------------------

    @Test
    void getBalanceAppliesTheReferenceArithmetic() throws Exception {
        Client client = newClient();
        Address sponsor = client.history.sponsor();
        EventEnvelope processed = client.compact(Uint256.of(100), false);
        client.compact(Uint256.of(250), false);
        deposit(sponsor, LOCK, 900);
        // Two credits in blocks newer than the finalization threshold: not yet allocatable.
        indexer.ledger()
                .deposit(OPTIMISM, sponsor, LOCK, Uint256.of(50), Instant.now().plusSeconds(600));
        indexer.ledger()
                .deposit(OPTIMISM, sponsor, LOCK, Uint256.of(50), Instant.now().plusSeconds(600));
        indexer.ledger().claim(OPTIMISM, claimHash(processed), sponsor, ALLOCATOR, sponsor);

        Response response = get("/balance/10/" + LOCK, client.token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().toString())
                .isEqualTo("{\"allocatableBalance\":\"900\",\"allocatedBalance\":\"250\","
                        + "\"balanceAvailableToAllocate\":\"650\",\"withdrawalStatus\":0}");

        indexer.ledger()
                .enableForcedWithdrawal(OPTIMISM, sponsor, LOCK, Instant.now().plusSeconds(3600));
        assertThat(get("/balance/10/" + LOCK, client.token).body().toString())
                .isEqualTo("{\"allocatableBalance\":\"900\",\"allocatedBalance\":\"250\","
                        + "\"balanceAvailableToAllocate\":\"0\",\"withdrawalStatus\":1}");
    }

    @Test
    void answersALocksOddIndexerDataAsThatRequestsBadGateway() throws Exception {
        Client client = newClient();
        Address sponsor = client.history.sponsor();
        deposit(sponsor, LOCK, 10);
        indexer.serveOddBalance(OPTIMISM, sponsor, LOCK, BigInteger.ONE.shiftLeft(256));

        for (int i = 0; i < 3; i++) {
            Response odd = get("/balance/10/" + LOCK, client.token);
            assertThat(odd.status()).isEqualTo(502);
            assertThat(odd.body().path("code").asString()).isEqualTo("INDEXER_ANSWER_REJECTED");
            assertThat(odd.body().path("error").asString())
                    .isEqualTo("Indexer returned an invalid answer for this lock");
            assertThat(odd.headers().firstValue("retry-after")).isEmpty();
        }
        assertThat(get("/balances", client.token).status()).isEqualTo(502);
    }

    @Test
    void getBalanceRejectsUnknownLocksForeignAllocatorsAndAnUnavailableIndexer() throws Exception {
        Client client = newClient();
        Response missing = get("/balance/10/" + LOCK, client.token);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").asString()).isEqualTo("Resource lock not found");

        LockId foreignLock = LockId.parse("0x7000000000000000000000020000000000000000000000000000000000000000");
        deposit(client.history.sponsor(), foreignLock, 5);
        Response foreign = get("/balance/10/" + foreignLock, client.token);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().path("error").asString()).isEqualTo("Invalid allocator ID");

        int port = indexer.port();
        indexer.close();
        try {
            Response down = get("/balance/10/" + LOCK, client.token);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.headers().firstValue("retry-after")).isPresent();
            assertThat(down.body().path("code").asString()).isEqualTo("INDEXER_UNAVAILABLE");
            assertThat(get("/balances", client.token).status()).isEqualTo(503);
        } finally {
            indexer = startIndexer(port);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        while ((status = get("/balances", client.token).status()) != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(status).as("answers again once the indexer is back").isEqualTo(200);
    }

    @Test
    void getBalancesCoversEveryLockOfThisAllocatorAndNoOther() throws Exception {
        Client client = newClient();
        Address sponsor = client.history.sponsor();
        for (int i = 1; i <= 120; i++) {
            deposit(sponsor, lockOfAllocator(1, i), i);
        }
        deposit(sponsor, lockOfAllocator(2, 1), 7);

        Response response = get("/balances", client.token);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode balances = response.body().path("balances");
        assertThat(balances.size()).isEqualTo(120);
        assertThat(fieldNames(balances.get(0)))
                .containsExactly(
                        "chainId",
                        "lockId",
                        "allocatableBalance",
                        "allocatedBalance",
                        "balanceAvailableToAllocate",
                        "withdrawalStatus");
        Map<String, String> byLock = new HashMap<>();
        balances.forEach(b -> byLock.put(
                b.path("lockId").asString(), b.path("allocatableBalance").asString()));
        assertThat(byLock).containsEntry(lockOfAllocator(1, 120).toString(), "120");
        assertThat(byLock).doesNotContainKey(lockOfAllocator(2, 1).toString());
        assertThat(balances.get(0).path("chainId").asString()).isEqualTo("10");
    }

    /** A thirty-day multichain-scope lock of the given allocator id, on token number {@code token}. */
    private static LockId lockOfAllocator(int allocatorId, int token) {
        return LockId.parse("0x7" + String.format("%023x", allocatorId) + "00000000000000000000000000000000000000"
                + String.format("%02x", token));
    }

    // --- read-your-writes -----------------------------------------------------------------------

    @Test
    void aClientReadsItsOwnWriteAtOnceUnderConcurrentLoad() throws Exception {
        int clients = 16;
        int rounds = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger reads = new AtomicInteger();
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                work.add(() -> {
                    try (EventLog own = new EventLog(TOPIC)) {
                        for (int r = 0; r < rounds; r++) {
                            Client client = newClient(own);
                            assertThat(get("/session", client.token).status())
                                    .as("session read right after its event committed")
                                    .isEqualTo(200);
                            EventEnvelope compact = client.compact(Uint256.of(r + 1), r % 2 == 0);
                            Response read = get("/compact/10/" + hash(compact), client.token);
                            assertThat(read.status())
                                    .as("compact read right after commit")
                                    .isEqualTo(200);
                            assertThat(hashes(get("/compacts", client.token).body()))
                                    .contains(hash(compact));
                            assertThat(get("/suggested-nonce/10", client.token)
                                            .body()
                                            .path("nonce")
                                            .asString())
                                    .endsWith("1");
                            own.append(client.history.sessionRevoked(client.sessionId, now()));
                            assertThat(get("/session", client.token).status())
                                    .as("revocation seen right after commit")
                                    .isEqualTo(401);
                            reads.addAndGet(5);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reads.get()).isEqualTo(clients * rounds * 5);
    }

    @Test
    void aReadThatTheProjectorCannotServeInTimeIs503NotStaleData() throws Exception {
        Client client = newClient();
        projector.stop();
        try {
            client.compact(Uint256.ONE, false);
            Response response = get("/compacts", client.token);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).contains("1");
            assertThat(response.body().path("code").asString()).isEqualTo("READ_MODEL_BEHIND");
        } finally {
            projector = ProjectorHarness.projector(DATA_SOURCE, TOPIC);
            projector.start();
        }
        assertThat(get("/compacts", client.token).body().size()).isEqualTo(1);
    }

    // --- helpers --------------------------------------------------------------------------------

    private Client newClient() {
        return newClient(LOG);
    }

    /** A sponsor whose session was created through the given log (a producer of its own). */
    private Client newClient(EventLog log) {
        SponsorHistory history = SponsorHistory.random();
        String sessionId = UUID.randomUUID().toString();
        Instant issued = now();
        Instant expires = issued.plus(7, ChronoUnit.DAYS);
        log.append(history.sessionCreated(sessionId, issued, expires));
        return new Client(
                log,
                history,
                sessionId,
                tokens.issue(new SessionToken(sessionId, history.sponsor(), issued, expires)),
                expires);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private Response get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            request.header("x-session-id", token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), json.readTree(response.body()), response.headers());
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body().path("code").asString()).isEqualTo(code);
        assertThat(response.body().path("error").asString()).isNotBlank();
    }

    private static void assertCompactMatches(JsonNode record, EventEnvelope envelope) {
        Event.CompactAllocated event = (Event.CompactAllocated) envelope.event();
        JsonNode compact = record.path("compact");
        assertThat(record.path("chainId").asString()).isEqualTo(event.chainId().toString());
        assertThat(record.path("hash").asString()).isEqualTo(event.claimHash().value());
        assertThat(record.path("signature").asString())
                .isEqualTo(event.signature().toCompactHex());
        assertThat(Instant.parse(record.path("createdAt").asString())).isEqualTo(envelope.occurredAt());
        assertThat(compact.path("id").asString()).isEqualTo(event.compact().id().toString());
        assertThat(compact.path("arbiter").asString())
                .isEqualTo(event.compact().arbiter().checksummed());
        assertThat(compact.path("sponsor").asString())
                .isEqualTo(event.compact().sponsor().checksummed());
        assertThat(compact.path("nonce").asString())
                .isEqualTo(event.compact().nonce().toHex32());
        assertThat(compact.path("expires").asString())
                .isEqualTo(event.compact().expires().toString());
        assertThat(compact.path("amount").asString())
                .isEqualTo(event.compact().amount().toString());
        assertThat(compact.path("witnessTypeString").asString())
                .isEqualTo(event.compact().witnessTypeString());
        assertThat(compact.path("witnessHash").asString())
                .isEqualTo(event.compact().witnessHash().value());
    }

    private static Bytes32 claimHash(EventEnvelope envelope) {
        return ((Event.CompactAllocated) envelope.event()).claimHash();
    }

    private static String hash(EventEnvelope envelope) {
        return claimHash(envelope).value();
    }

    private static List<String> hashes(JsonNode array) {
        List<String> hashes = new ArrayList<>();
        array.forEach(node -> hashes.add(node.path("hash").asString()));
        return hashes;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

    static final class Client {
        final EventLog log;
        final SponsorHistory history;
        final String sessionId;
        final String token;
        final Instant expiresAt;

        Client(EventLog log, SponsorHistory history, String sessionId, String token, Instant expiresAt) {
            this.log = log;
            this.history = history;
            this.sessionId = sessionId;
            this.token = token;
            this.expiresAt = expiresAt;
        }

        synchronized EventEnvelope compact(Uint256 amount, boolean witness) {
            EventEnvelope event = history.compactAllocated(
                    sessionId, OPTIMISM, LOCK, amount, Instant.now().getEpochSecond() + 3600, witness, now());
            log.append(event);
            return event;
        }
    }
}

package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.indexer.standin.Ledger;
import dev.allocator.indexer.standin.LockIds;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.ResetPeriod;
import dev.allocator.model.value.Uint256;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GraphQlIndexer and ResilientIndexer over real HTTP against the indexer's development stand-in. */
class IndexerClientIT {
    static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
    static final ChainId MAINNET = ChainId.of(1);
    static final ChainId OPTIMISM = ChainId.of(10);
    static final long MAINNET_FINALITY = 25;
    static final Address ALLOCATOR = Address.of("0x00000000000018df021ff2467df97ff846e09f48");
    static final Address OTHER_ALLOCATOR = Address.of("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    static final Address SPONSOR = Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    static final Address RECIPIENT = Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    static final Address ARBITER = Address.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

    IndexerStandIn standIn;
    Ledger ledger;
    IndexerProperties settings;

    @BeforeEach
    void start() {
        standIn = IndexerStandIn.builder().clock(() -> NOW).build().start();
        ledger = standIn.ledger();
        standIn.registerOnDemoChains(ALLOCATOR);
        ledger.registerAllocator(MAINNET, OTHER_ALLOCATOR, LockIds.allocatorIdOf(OTHER_ALLOCATOR));
        settings = defaults(standIn.url());
    }

    static IndexerProperties defaults(URI url) {
        return new IndexerProperties(url, Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000, Duration.ofMinutes(10));
    }

    /** Three quick attempts, and a breaker that would open after 10 calls at 50 % failures. */
    static ResilientIndexer guarded(Indexer delegate, int breakAfter) {
        return ResilientIndexer.of(
                delegate,
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(breakAfter)
                        .minimumNumberOfCalls(breakAfter)
                        .failureRateThreshold(50f)
                        .waitDurationInOpenState(Duration.ofMinutes(1))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build(),
                io.github.resilience4j.retry.RetryConfig.custom()
                        .maxAttempts(3)
                        .intervalFunction(io.github.resilience4j.core.IntervalFunction.ofExponentialRandomBackoff(
                                Duration.ofMillis(10), 2.0, 0.5, Duration.ofMillis(50)))
                        .build(),
                BulkheadConfig.ofDefaults());
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    static LockId lock(Address allocator, int token) {
        return LockIds.lockId(
                true,
                ResetPeriod.TEN_MINUTES,
                LockIds.allocatorIdOf(allocator),
                Address.of(String.format("0x%040x", token + 1)));
    }

    static Bytes32 hash(int n) {
        return Bytes32.of(String.format("0x%064x", n));
    }

    static LockDetailsQuery details(LockId lock, ChainId chain, long finality) {
        return new LockDetailsQuery(
                ALLOCATOR, SPONSOR, lock, chain, NOW.getEpochSecond() - finality, NOW.getEpochSecond() - 10_800);
    }

    @Test
    void readsTheSupportedChainsOfARegisteredAllocator() {
        List<SupportedChain> chains = new GraphQlIndexer(settings).supportedChains(ALLOCATOR);

        Uint256 id = new Uint256(LockIds.allocatorIdOf(ALLOCATOR));
        assertThat(chains)
                .containsExactly(
                        new SupportedChain(MAINNET, id),
                        new SupportedChain(OPTIMISM, id),
                        new SupportedChain(ChainId.of(8453), id));
    }

    @Test
    void answersNoSupportedChainsForAnAllocatorTheIndexerNeverSaw() {
        assertThat(new GraphQlIndexer(settings).supportedChains(RECIPIENT)).isEmpty();
    }

    @Test
    void returnsAllOf2500LocksOfASponsorAcrossPages() {
        for (int i = 0; i < 2_500; i++) {
            ChainId chain = i % 3 == 0 ? OPTIMISM : MAINNET;
            Address allocator = i % 5 == 0 && chain.equals(MAINNET) ? OTHER_ALLOCATOR : ALLOCATOR;
            ledger.deposit(chain, SPONSOR, lock(allocator, i), Uint256.ONE);
        }

        List<SponsorLock> locks = new GraphQlIndexer(settings).resourceLocks(SPONSOR);

        assertThat(locks).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(locks)
                .filteredOn(lock -> lock.allocatorAddress().equals(OTHER_ALLOCATOR))
                .isNotEmpty()
                .allSatisfy(lock -> assertThat(lock.chainId()).isEqualTo(MAINNET));
        assertThat(locks)
                .contains(new SponsorLock(OPTIMISM, lock(ALLOCATOR, 0), ALLOCATOR))
                .contains(new SponsorLock(MAINNET, lock(OTHER_ALLOCATOR, 5), OTHER_ALLOCATOR));
    }

    @Test
    void answersNoLocksForASponsorTheIndexerNeverSaw() {
        assertThat(new GraphQlIndexer(settings).resourceLocks(RECIPIENT)).isEmpty();
    }

    @Test
    void readsTheExactInputsOfTheBalanceArithmetic() {
        LockId lock = lock(ALLOCATOR, 1);
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(1_000), NOW.minusSeconds(3_600));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(300), NOW.minusSeconds(MAINNET_FINALITY));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(200), NOW.minusSeconds(10));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(50), NOW.minusSeconds(1));
        ledger.transfer(MAINNET, SPONSOR, RECIPIENT, lock, Uint256.of(120), NOW.minusSeconds(1));
        ledger.deposit(OPTIMISM, SPONSOR, lock, Uint256.of(999), NOW.minusSeconds(1));
        ledger.deposit(MAINNET, SPONSOR, lock(ALLOCATOR, 2), Uint256.of(777), NOW.minusSeconds(1));
        ledger.claim(MAINNET, hash(1), SPONSOR, ALLOCATOR, ARBITER, NOW.minusSeconds(10_801));
        ledger.claim(MAINNET, hash(2), SPONSOR, ALLOCATOR, ARBITER, NOW.minusSeconds(10_799));
        ledger.claim(MAINNET, hash(3), SPONSOR, ALLOCATOR, ARBITER, NOW.minusSeconds(5));
        ledger.claim(MAINNET, hash(4), SPONSOR, OTHER_ALLOCATOR, ARBITER, NOW.minusSeconds(5));
        ledger.claim(OPTIMISM, hash(5), SPONSOR, ALLOCATOR, ARBITER, NOW.minusSeconds(5));
        ledger.claim(MAINNET, hash(6), RECIPIENT, ALLOCATOR, ARBITER, NOW.minusSeconds(5));

        LockDetails answer = new GraphQlIndexer(settings).lockDetails(details(lock, MAINNET, MAINNET_FINALITY));

        assertThat(answer.unfinalizedDeltas()).containsExactly(Uint256.of(50), Uint256.of(200));
        assertThat(answer.unfinalizedCredits()).isEqualTo(Uint256.of(250));
        assertThat(answer.lock()).isEqualTo(new LockDetails.LockState(Uint256.of(1_430), 0));
        assertThat(answer.claimHashes()).containsExactly(hash(3), hash(2));
    }

    @Test
    void reportsAnActiveForcedWithdrawal() {
        LockId lock = lock(ALLOCATOR, 1);
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(10), NOW.minusSeconds(3_600));
        ledger.enableForcedWithdrawal(MAINNET, SPONSOR, lock, null);

        LockDetails answer = new GraphQlIndexer(settings).lockDetails(details(lock, MAINNET, MAINNET_FINALITY));

        assertThat(answer.lock().withdrawalStatus()).isEqualTo(1);
    }

    @Test
    void answersNoLockForALockTheSponsorNeverHeldOrASponsorNeverSeen() {
        ledger.deposit(MAINNET, SPONSOR, lock(ALLOCATOR, 1), Uint256.of(10));
        GraphQlIndexer indexer = new GraphQlIndexer(settings);

        LockDetails otherLock = indexer.lockDetails(details(lock(ALLOCATOR, 2), MAINNET, MAINNET_FINALITY));
        LockDetails stranger = indexer.lockDetails(new LockDetailsQuery(
                ALLOCATOR, RECIPIENT, lock(ALLOCATOR, 1), MAINNET, NOW.getEpochSecond() - 25, NOW.getEpochSecond()));

        assertThat(otherLock.lock()).isNull();
        assertThat(otherLock.unfinalizedDeltas()).isEmpty();
        assertThat(stranger.lock()).isNull();
        assertThat(stranger.claimHashes()).isEmpty();
    }

    @Test
    void readsEveryUnfinalizedCreditAndClaimBeyondOnePage() {
        LockId lock = lock(ALLOCATOR, 1);
        for (int i = 0; i < 1_234; i++) {
            ledger.deposit(MAINNET, SPONSOR, lock, Uint256.ONE, NOW.minusSeconds(i % 20));
        }
        for (int i = 0; i < 2_100; i++) {
            ledger.claim(MAINNET, hash(1_000 + i), SPONSOR, ALLOCATOR, ARBITER, NOW.minusSeconds(i % 100));
        }

        LockDetails answer = new GraphQlIndexer(settings).lockDetails(details(lock, MAINNET, MAINNET_FINALITY));

        assertThat(answer.unfinalizedDeltas()).hasSize(1_234);
        assertThat(answer.unfinalizedCredits()).isEqualTo(Uint256.of(1_234));
        assertThat(answer.lock().balance()).isEqualTo(Uint256.of(1_234));
        assertThat(answer.claimHashes()).hasSize(2_100).doesNotHaveDuplicates();
    }

    @Test
    void failsAsUnavailableAfterRetryingWhenTheStandInIsDown() {
        standIn.close();
        AtomicInteger attempts = new AtomicInteger();
        Indexer counted = counting(new GraphQlIndexer(settings), attempts);

        assertThatThrownBy(() -> guarded(counted, 20).supportedChains(ALLOCATOR))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("unreachable");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void opensTheCircuitAfterFailuresAndFailsFastWithoutCalling() {
        standIn.close();
        AtomicInteger attempts = new AtomicInteger();
        ResilientIndexer indexer = guarded(counting(new GraphQlIndexer(settings), attempts), 4);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> indexer.resourceLocks(SPONSOR)).isInstanceOf(IndexerUnavailableException.class);
        }
        int before = attempts.get();

        assertThat(indexer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> indexer.resourceLocks(SPONSOR))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("circuit is open");
        assertThat(attempts).hasValue(before);
    }

    @Test
    void keepsTheLastGoodChainsWhenTheStandInGoesDown() {
        SupportedChainsCache cache = new SupportedChainsCache(
                guarded(new GraphQlIndexer(settings), 20), ALLOCATOR, Duration.ofMinutes(10), () -> NOW);
        assertThat(cache.refresh()).isTrue();

        standIn.close();

        assertThat(cache.refresh()).isFalse();
        assertThat(cache.chains()).hasSize(3);
        assertThat(cache.status().loaded()).isTrue();
        assertThat(cache.status().lastError()).contains("unreachable");
    }

    @Test
    void rejectsOneLocksOddBalanceWithoutOpeningTheCircuitForOthers() {
        LockId odd = lock(ALLOCATOR, 1);
        LockId healthy = lock(ALLOCATOR, 2);
        ledger.deposit(MAINNET, SPONSOR, odd, Uint256.of(10), NOW.minusSeconds(3_600));
        ledger.deposit(MAINNET, RECIPIENT, healthy, Uint256.of(20), NOW.minusSeconds(3_600));
        standIn.serveOddBalance(MAINNET, SPONSOR, odd, BigInteger.ONE.shiftLeft(256));
        AtomicInteger attempts = new AtomicInteger();
        ResilientIndexer indexer = guarded(counting(new GraphQlIndexer(settings), attempts), 4);

        for (int i = 0; i < 37; i++) {
            assertThatThrownBy(() -> indexer.lockDetails(details(odd, MAINNET, MAINNET_FINALITY)))
                    .isInstanceOf(IndexerAnswerRejectedException.class)
                    .hasMessageContaining("expected shape");
        }
        LockDetails answer = indexer.lockDetails(new LockDetailsQuery(
                ALLOCATOR, RECIPIENT, healthy, MAINNET, NOW.getEpochSecond() - 25, NOW.getEpochSecond() - 10_800));

        assertThat(attempts).as("never retried").hasValue(38);
        assertThat(indexer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(answer.lock()).isEqualTo(new LockDetails.LockState(Uint256.of(20), 0));
    }

    @Test
    void treatsGraphQlErrorsBadStatusesMalformedJsonAndSlownessAsUnavailable() throws IOException {
        assertUnavailable(200, "{\"errors\": [{\"message\": \"boom\"}], \"data\": null}", 0, "boom");
        assertUnavailable(503, "{}", 0, "HTTP 503");
        assertUnavailable(200, "<html>", 0, "malformed JSON");
        assertUnavailable(200, "{\"data\": {\"allocator\": {\"supportedChains\": 7}}}", 0, "shape");
        assertUnavailable(200, "{\"data\": {\"allocator\": null}}", 1_500, "did not answer within");
    }

    private static void assertUnavailable(int status, String body, long delayMillis, String reason) throws IOException {
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/graphql", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        fake.start();
        try {
            IndexerProperties toFake = defaults(
                            URI.create("http://127.0.0.1:" + fake.getAddress().getPort()))
                    // Short only where slowness is the point: a loaded machine can be slow to answer at all.
                    .withRequestTimeout(Duration.ofMillis(delayMillis > 0 ? 300 : 5_000));
            assertThatThrownBy(() -> new GraphQlIndexer(toFake).supportedChains(ALLOCATOR))
                    .isInstanceOf(IndexerUnavailableException.class)
                    .hasMessageContaining(reason);
        } finally {
            fake.stop(0);
        }
    }

    private static Indexer counting(Indexer delegate, AtomicInteger attempts) {
        return new Indexer() {
            @Override
            public List<SupportedChain> supportedChains(Address allocator) {
                attempts.incrementAndGet();
                return delegate.supportedChains(allocator);
            }

            @Override
            public LockDetails lockDetails(LockDetailsQuery query) {
                attempts.incrementAndGet();
                return delegate.lockDetails(query);
            }

            @Override
            public List<SponsorLock> resourceLocks(Address sponsor) {
                attempts.incrementAndGet();
                return delegate.resourceLocks(sponsor);
            }
        };
    }
}

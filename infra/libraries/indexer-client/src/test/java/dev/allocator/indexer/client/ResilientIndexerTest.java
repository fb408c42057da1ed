package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientIndexerTest {
    static final Address ALLOCATOR = Address.of("0x00000000000018df021ff2467df97ff846e09f48");
    static final List<SupportedChain> CHAINS = List.of(new SupportedChain(ChainId.of(1), Uint256.of(7)));

    /** A breaker that opens after 4 calls at 50 % failures, and quick retries. */
    static CircuitBreakerConfig breakEarly() {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50f)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }

    static RetryConfig quickRetries(int attempts) {
        return RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5)))
                .build();
    }

    static ResilientIndexer fast(Indexer delegate, int attempts) {
        return fast(delegate, attempts, BulkheadConfig.ofDefaults());
    }

    static ResilientIndexer fast(Indexer delegate, int attempts, BulkheadConfig bulkhead) {
        return ResilientIndexer.of(delegate, breakEarly(), quickRetries(attempts), bulkhead);
    }

    /** Fails the first {@code failures} calls, then answers. */
    static final class Flaky extends FakeIndexer {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public List<SupportedChain> supportedChains(Address allocator) {
            if (calls.incrementAndGet() <= failures) {
                throw new IndexerUnavailableException("down");
            }
            return CHAINS;
        }
    }

    @Test
    void retriesAFailingCallUntilItSucceeds() {
        Flaky flaky = new Flaky(2);

        List<SupportedChain> chains = fast(flaky, 3).supportedChains(ALLOCATOR);

        assertThat(chains).isEqualTo(CHAINS);
        assertThat(flaky.calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);

        assertThatThrownBy(() -> fast(flaky, 3).supportedChains(ALLOCATOR))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessage("down");
        assertThat(flaky.calls).hasValue(3);
    }

    @Test
    void doesNotRetryFailuresOtherThanUnavailability() {
        AtomicInteger calls = new AtomicInteger();
        Indexer broken = new FakeIndexer() {
            @Override
            public List<SupportedChain> supportedChains(Address allocator) {
                calls.incrementAndGet();
                throw new IllegalStateException("bug");
            }
        };

        assertThatThrownBy(() -> fast(broken, 3).supportedChains(ALLOCATOR)).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndThenFailsFastWithoutCalling() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);
        ResilientIndexer indexer = fast(flaky, 2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> indexer.supportedChains(ALLOCATOR))
                    .isInstanceOf(IndexerUnavailableException.class);
        }
        int callsWhenOpened = flaky.calls.get();

        assertThat(indexer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> indexer.supportedChains(ALLOCATOR))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("circuit is open");
        assertThat(flaky.calls).hasValue(callsWhenOpened);
    }

    @Test
    void refusesCallsBeyondTheBulkheadAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Indexer slow = new FakeIndexer() {
            @Override
            public List<SupportedChain> supportedChains(Address allocator) {
                entered.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CHAINS;
            }
        };
        ResilientIndexer indexer = fast(
                slow,
                3,
                BulkheadConfig.custom()
                        .maxConcurrentCalls(1)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<SupportedChain>> first = pool.submit(() -> indexer.supportedChains(ALLOCATOR));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> indexer.supportedChains(ALLOCATOR))
                    .isInstanceOf(IndexerUnavailableException.class)
                    .hasMessageContaining("in flight");
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(CHAINS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void neitherRetriesNorCountsARejectedAnswer() {
        AtomicInteger calls = new AtomicInteger();
        Indexer odd = new FakeIndexer() {
            @Override
            public LockDetails lockDetails(LockDetailsQuery query) {
                calls.incrementAndGet();
                throw new IndexerAnswerRejectedException("balance out of range");
            }
        };
        ResilientIndexer indexer = fast(odd, 3);

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> indexer.lockDetails(null))
                    .isInstanceOf(IndexerAnswerRejectedException.class)
                    .hasMessage("balance out of range");
        }

        assertThat(calls).hasValue(50);
        assertThat(indexer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(indexer.circuitBreaker().getMetrics().getNumberOfFailedCalls())
                .isZero();
    }

    @Test
    void keepsTheRejectionClassificationOverAConfigurationThatRecordsEverything() {
        Indexer odd = new FakeIndexer() {
            @Override
            public LockDetails lockDetails(LockDetailsQuery query) {
                throw new IndexerAnswerRejectedException("odd");
            }
        };
        CircuitBreakerConfig recordsEverything = CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .recordExceptions(RuntimeException.class)
                .build();
        ResilientIndexer indexer =
                ResilientIndexer.of(odd, recordsEverything, quickRetries(3), BulkheadConfig.ofDefaults());

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> indexer.lockDetails(null)).isInstanceOf(IndexerAnswerRejectedException.class);
        }

        assertThat(indexer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}

package dev.allocator.model.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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

    static IndexerSettings fast(int attempts) {
        return IndexerSettings.defaults()
                .withRetry(new IndexerSettings.RetrySettings(
                        attempts, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5)))
                .withCircuitBreaker(new IndexerSettings.CircuitBreakerSettings(50f, 4, 4, Duration.ofMinutes(1), 1));
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

        List<SupportedChain> chains = new ResilientIndexer(flaky, fast(3)).supportedChains(ALLOCATOR);

        assertThat(chains).isEqualTo(CHAINS);
        assertThat(flaky.calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new ResilientIndexer(flaky, fast(3)).supportedChains(ALLOCATOR))
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

        assertThatThrownBy(() -> new ResilientIndexer(broken, fast(3)).supportedChains(ALLOCATOR))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndThenFailsFastWithoutCalling() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);
        ResilientIndexer indexer = new ResilientIndexer(flaky, fast(2));

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
        ResilientIndexer indexer = new ResilientIndexer(
                slow, fast(3).withBulkhead(new IndexerSettings.BulkheadSettings(1, Duration.ZERO)));
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
}

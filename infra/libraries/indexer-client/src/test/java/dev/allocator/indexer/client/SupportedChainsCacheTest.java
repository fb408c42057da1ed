package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SupportedChainsCacheTest {
    static final Address ALLOCATOR = Address.of("0x00000000000018df021ff2467df97ff846e09f48");
    static final Instant T0 = Instant.ofEpochSecond(1_750_000_000L);

    /** Answers whatever {@code next} holds: a list, or an exception to throw. */
    static class Scripted extends FakeIndexer {
        final AtomicReference<Object> next = new AtomicReference<>();

        @Override
        public List<SupportedChain> supportedChains(Address allocator) {
            Object answer = next.get();
            if (answer instanceof RuntimeException e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<SupportedChain> chains = (List<SupportedChain>) answer;
            return chains;
        }
    }

    static List<SupportedChain> chains(long... ids) {
        return java.util.Arrays.stream(ids)
                .mapToObj(id -> new SupportedChain(ChainId.of(id), Uint256.of(id * 10)))
                .toList();
    }

    @Test
    void keepsTheLastGoodCopyWhenARefreshFails() {
        Scripted indexer = new Scripted();
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        SupportedChainsCache cache = new SupportedChainsCache(indexer, ALLOCATOR, Duration.ofMinutes(10), now::get);
        indexer.next.set(chains(1, 10));
        assertThat(cache.refresh()).isTrue();

        indexer.next.set(new IndexerUnavailableException("down"));
        now.set(T0.plusSeconds(600));

        assertThat(cache.refresh()).isFalse();
        assertThat(cache.chains()).isEqualTo(chains(1, 10));
        assertThat(cache.chain(ChainId.of(10))).contains(new SupportedChain(ChainId.of(10), Uint256.of(100)));
        assertThat(cache.chain(ChainId.of(8453))).isEmpty();
        SupportedChainsCache.Status status = cache.status();
        assertThat(status.loaded()).isTrue();
        assertThat(status.lastSuccess()).isEqualTo(T0);
        assertThat(status.lastAttempt()).isEqualTo(T0.plusSeconds(600));
        assertThat(status.lastError()).isEqualTo("down");
        assertThat(status.freshAt(T0.plusSeconds(600), Duration.ofMinutes(15))).isTrue();
        assertThat(status.freshAt(T0.plusSeconds(1_000), Duration.ofMinutes(15)))
                .isFalse();
    }

    @Test
    void loadsOnFirstUseAndFailsWhenItNeverLoaded() {
        Scripted indexer = new Scripted();
        SupportedChainsCache cache = new SupportedChainsCache(indexer, ALLOCATOR, Duration.ofMinutes(10), () -> T0);
        indexer.next.set(new IndexerUnavailableException("down"));

        assertThatThrownBy(cache::chains)
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("never loaded");
        assertThat(cache.status().loaded()).isFalse();

        indexer.next.set(chains(8453));
        assertThat(cache.chains()).isEqualTo(chains(8453));
    }

    @Test
    void neverBlocksReadersOnARefreshOnceLoaded() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> slow = new AtomicReference<>(false);
        Scripted indexer = new Scripted() {
            @Override
            public List<SupportedChain> supportedChains(Address allocator) {
                if (slow.get()) {
                    inFlight.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.supportedChains(allocator);
            }
        };
        indexer.next.set(chains(1));
        SupportedChainsCache cache = new SupportedChainsCache(indexer, ALLOCATOR, Duration.ofMinutes(10), () -> T0);
        cache.refresh();
        slow.set(true);
        Thread slowRefresh = new Thread(cache::refresh);
        slowRefresh.start();
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        List<SupportedChain> read = cache.chains();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        release.countDown();
        slowRefresh.join(5_000);

        assertThat(read).isEqualTo(chains(1));
        assertThat(tookMillis).isLessThan(1_000);
    }

    @Test
    void refreshesInTheBackgroundOnceStarted() throws Exception {
        Scripted indexer = new Scripted();
        indexer.next.set(chains(1));
        try (SupportedChainsCache cache =
                new SupportedChainsCache(indexer, ALLOCATOR, Duration.ofMillis(50), () -> T0).start()) {
            waitUntil(() -> cache.status().loaded());
            indexer.next.set(chains(1, 10));
            waitUntil(() -> cache.chains().size() == 2);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}

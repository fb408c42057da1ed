package dev.allocator.command.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.command.chain.RegisteredAllocatorIds;
import dev.allocator.command.config.ChainProperties;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockSnapshotsTest {
    static final ChainId CHAIN = ChainId.of(10);
    static final Address SPONSOR = SigningKey.generate(new SecureRandom()).address();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    final ExecutorService pool = Executors.newFixedThreadPool(32);
    final SlowIndexer indexer = new SlowIndexer();
    final LockSnapshots snapshots = new LockSnapshots(
            indexer,
            new FixedAllocatorIds(),
            new ChainProperties(Map.of(), 3),
            SigningKey.generate(new SecureRandom()),
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void concurrentRequestsForOneLockShareOneIndexerQuery() throws Exception {
        List<Future<LockSnapshot>> answers = fetchConcurrently(32, i -> LockId.parse("7"));
        indexer.release.countDown();

        for (Future<LockSnapshot> answer : answers) {
            assertThat(answer.get(5, TimeUnit.SECONDS).balance()).isEqualTo(Uint256.of(100));
        }
        assertThat(indexer.calls.get()).isEqualTo(1);
    }

    @Test
    void differentLocksAreQueriedSeparately() throws Exception {
        List<Future<LockSnapshot>> answers = fetchConcurrently(4, i -> LockId.parse(Integer.toString(10 + i)));
        indexer.release.countDown();

        for (Future<LockSnapshot> answer : answers) {
            answer.get(5, TimeUnit.SECONDS);
        }
        assertThat(indexer.calls.get()).isEqualTo(4);
    }

    @Test
    void aFailedQueryFailsItsJoinersAndIsNotRemembered() throws Exception {
        indexer.failing = true;
        List<Future<LockSnapshot>> answers = fetchConcurrently(8, i -> LockId.parse("7"));
        indexer.release.countDown();

        for (Future<LockSnapshot> answer : answers) {
            assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IndexerUnavailableException.class);
        }
        indexer.failing = false;
        assertThat(snapshots.fetch(CHAIN, SPONSOR, LockId.parse("7"), NOW).balance())
                .isEqualTo(Uint256.of(100));
        assertThat(indexer.calls.get()).isEqualTo(2);
    }

    /** Starts {@code n} fetches and returns once all have reached the indexer or joined a query. */
    private List<Future<LockSnapshot>> fetchConcurrently(int n, java.util.function.IntFunction<LockId> locks)
            throws InterruptedException {
        List<Future<LockSnapshot>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LockId lock = locks.apply(i);
            answers.add(pool.submit(() -> snapshots.fetch(CHAIN, SPONSOR, lock, NOW)));
        }
        // The first query is held until released; give the others time to arrive and join it.
        indexer.started.await(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        return answers;
    }

    static final class SlowIndexer implements Indexer {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean failing;

        @Override
        public LockDetails lockDetails(LockDetailsQuery query) {
            calls.incrementAndGet();
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new IndexerUnavailableException("down");
            }
            return new LockDetails(List.of(), new LockDetails.LockState(Uint256.of(100), 0), List.of());
        }

        @Override
        public List<SupportedChain> supportedChains(Address allocator) {
            return List.of(new SupportedChain(CHAIN, Uint256.of(7)));
        }

        @Override
        public List<SponsorLock> resourceLocks(Address sponsor) {
            return List.of();
        }
    }

    static final class FixedAllocatorIds implements RegisteredAllocatorIds {
        @Override
        public Optional<Uint256> on(ChainId chainId) {
            return Optional.of(Uint256.of(7));
        }

        @Override
        public List<SupportedChain> all() {
            return List.of(new SupportedChain(CHAIN, Uint256.of(7)));
        }

        @Override
        public boolean loaded() {
            return true;
        }
    }
}

package dev.allocator.command.compact;

import dev.allocator.command.chain.RegisteredAllocatorIds;
import dev.allocator.command.config.ChainProperties;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Asks the indexer about one lock so the command can carry the answer to the processor.
 *
 * <p>Concurrent requests for the same lock share one in-flight query (single flight), so a burst
 * on one lock costs the indexer one query, not one per request. A request that joins a running
 * query gets an answer no older than that query's own latency: every answer it could have got by
 * asking itself would have been at least as old when the processor decides. Nothing is cached
 * past the query's completion, so no stale balance can outlive it (docs/architecture.md).
 */
@Component
class LockSnapshots {
    /** Claims older than this cannot release allocations any more: their compacts expired long ago. */
    static final long CLAIM_WINDOW_SECONDS = 3 * 60 * 60;

    private final Indexer indexer;
    private final RegisteredAllocatorIds allocatorIds;
    private final ChainProperties chains;
    private final Address allocator;
    private final Timer fetchTime;
    private final Counter shared;
    private final ConcurrentHashMap<LockKey, CompletableFuture<LockDetails>> inFlight = new ConcurrentHashMap<>();

    LockSnapshots(
            Indexer indexer,
            RegisteredAllocatorIds allocatorIds,
            ChainProperties chains,
            SigningKey allocatorKey,
            MeterRegistry registry) {
        this.indexer = indexer;
        this.allocatorIds = allocatorIds;
        this.chains = chains;
        this.allocator = allocatorKey.address();
        this.fetchTime = Timer.builder("allocator.indexer.snapshot")
                .description("Time to fetch one lock's details from the indexer")
                .publishPercentileHistogram()
                .register(registry);
        this.shared = Counter.builder("allocator.indexer.snapshot.shared")
                .description("Snapshot requests answered by joining another request's in-flight query")
                .register(registry);
    }

    LockSnapshot fetch(ChainId chain, Address sponsor, LockId lock, Instant now) {
        long threshold = chains.finalizationThreshold(chain);
        long nowSeconds = now.getEpochSecond();
        LockDetailsQuery query = new LockDetailsQuery(
                allocator, sponsor, lock, chain, nowSeconds - threshold, nowSeconds - CLAIM_WINDOW_SECONDS);
        LockDetails details = details(new LockKey(chain, sponsor, lock), query);
        return new LockSnapshot(
                chain,
                lock,
                sponsor,
                allocatorIds.on(chain).orElse(null),
                threshold,
                details.lock() == null ? null : details.lock().balance(),
                details.lock() == null ? 0 : details.lock().withdrawalStatus(),
                details.unfinalizedCredits(),
                details.claimHashes(),
                now);
    }

    private LockDetails details(LockKey key, LockDetailsQuery query) {
        CompletableFuture<LockDetails> mine = new CompletableFuture<>();
        CompletableFuture<LockDetails> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            shared.increment();
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            LockDetails details = fetchTime.record(() -> indexer.lockDetails(query));
            mine.complete(details);
            return details;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private record LockKey(ChainId chain, Address sponsor, LockId lock) {}
}

package dev.allocator.command.compact;

import dev.allocator.command.config.ChainProperties;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Asks the indexer about one lock so the command can carry the answer to the processor. */
@Component
class LockSnapshots {
    /** Claims older than this cannot release allocations any more: their compacts expired long ago. */
    static final long CLAIM_WINDOW_SECONDS = 3 * 60 * 60;

    private final Indexer indexer;
    private final RegisteredAllocatorIds allocatorIds;
    private final ChainProperties chains;
    private final Address allocator;
    private final Timer fetchTime;

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
    }

    LockSnapshot fetch(ChainId chain, Address sponsor, LockId lock, Instant now) {
        long threshold = chains.finalizationThreshold(chain);
        long nowSeconds = now.getEpochSecond();
        LockDetailsQuery query = new LockDetailsQuery(
                allocator, sponsor, lock, chain, nowSeconds - threshold, nowSeconds - CLAIM_WINDOW_SECONDS);
        LockDetails details = fetchTime.record(() -> indexer.lockDetails(query));
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
}

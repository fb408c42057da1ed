package dev.allocator.query;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory indexer for the balance endpoints, programmed by each test. */
final class FakeIndexer implements Indexer {
    final List<SupportedChain> chains = new CopyOnWriteArrayList<>();
    final Map<String, LockDetails> details = new ConcurrentHashMap<>();
    final Map<Address, List<SponsorLock>> locks = new ConcurrentHashMap<>();
    final List<LockDetailsQuery> queries = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public List<SupportedChain> supportedChains(Address allocator) {
        failIfDown();
        return List.copyOf(chains);
    }

    @Override
    public LockDetails lockDetails(LockDetailsQuery query) {
        failIfDown();
        queries.add(query);
        return details.getOrDefault(
                key(query.sponsor(), query.chainId(), query.lockId()), new LockDetails(List.of(), null, List.of()));
    }

    @Override
    public List<SponsorLock> resourceLocks(Address sponsor) {
        failIfDown();
        return new ArrayList<>(locks.getOrDefault(sponsor, List.of()));
    }

    void put(Address sponsor, ChainId chain, LockId lock, LockDetails lockDetails) {
        details.put(key(sponsor, chain, lock), lockDetails);
    }

    static String key(Address sponsor, ChainId chain, LockId lock) {
        return sponsor.lowercase() + ":" + chain + ":" + lock;
    }

    private void failIfDown() {
        if (down) {
            throw new IndexerUnavailableException("indexer down (test)");
        }
    }
}

package dev.allocator.indexer.client;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import java.util.List;

/** An indexer test doubles extend, overriding the one question they answer. */
class FakeIndexer implements Indexer {
    @Override
    public List<SupportedChain> supportedChains(Address allocator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LockDetails lockDetails(LockDetailsQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SponsorLock> resourceLocks(Address sponsor) {
        throw new UnsupportedOperationException();
    }
}

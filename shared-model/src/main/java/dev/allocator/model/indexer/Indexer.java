package dev.allocator.model.indexer;

import dev.allocator.model.value.Address;
import java.util.List;

/**
 * The three questions the allocator asks The Compact indexer. Implementations fail with {@link
 * IndexerUnavailableException} rather than answer with partial data.
 */
public interface Indexer {
    /** GetSupportedChains: the chains this allocator is registered on, with its id on each. */
    List<SupportedChain> supportedChains(Address allocator);

    /** GetDetails: unfinalized credits, the lock's balance and status, and recent claims. */
    LockDetails lockDetails(LockDetailsQuery query);

    /** GetAllResourceLocks: every lock the sponsor ever held, all pages. */
    List<SponsorLock> resourceLocks(Address sponsor);
}

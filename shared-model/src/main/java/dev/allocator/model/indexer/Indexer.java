package dev.allocator.model.indexer;

import dev.allocator.model.value.Address;
import java.util.List;

/**
 * The three questions the allocator asks The Compact indexer. Implementations never answer with
 * partial data: they fail with {@link IndexerUnavailableException} when the indexer could not
 * answer, and with {@link IndexerAnswerRejectedException} when it answered something about this
 * lock or sponsor that the allocator refuses.
 */
public interface Indexer {
    /** GetSupportedChains: the chains this allocator is registered on, with its id on each. */
    List<SupportedChain> supportedChains(Address allocator);

    /** GetDetails: unfinalized credits, the lock's balance and status, and recent claims. */
    LockDetails lockDetails(LockDetailsQuery query);

    /** GetAllResourceLocks: every lock the sponsor ever held, all pages. */
    List<SponsorLock> resourceLocks(Address sponsor);
}

package dev.allocator.model.indexer;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;

/** One lock a sponsor holds, under whichever allocator. */
public record SponsorLock(ChainId chainId, LockId lockId, Address allocatorAddress) {}

package dev.allocator.model.indexer;

import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;

/** A chain the allocator is registered on, with the allocator id the lock ids there must carry. */
public record SupportedChain(ChainId chainId, Uint256 allocatorId) {}

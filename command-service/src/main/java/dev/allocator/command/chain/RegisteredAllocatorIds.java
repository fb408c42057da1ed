package dev.allocator.command.chain;

import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.util.List;
import java.util.Optional;

/** The chains this allocator serves: its id on each, from the indexer's supported chains (cached). */
public interface RegisteredAllocatorIds {
    Optional<Uint256> on(ChainId chainId);

    /** The last good list, empty before the first successful load. */
    List<SupportedChain> all();

    /** Whether a list was ever loaded: without it no compact can be allocated. */
    boolean loaded();
}

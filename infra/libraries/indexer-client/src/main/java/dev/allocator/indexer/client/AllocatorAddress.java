package dev.allocator.indexer.client;

import dev.allocator.model.value.Address;

/**
 * The allocator a service works for, as the indexer knows it: whose supported chains {@link
 * SupportedChainsCache} holds. Each service declares one (the command side from its signing key,
 * the query side from its settings).
 */
public record AllocatorAddress(Address value) {}

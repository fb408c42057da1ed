package dev.allocator.model.indexer;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;

/**
 * The variables of GetDetails.
 *
 * @param finalizationTimestamp now minus the chain's finalization threshold, in seconds
 * @param thresholdTimestamp now minus three hours, in seconds: the window of claims to consider
 */
public record LockDetailsQuery(
        Address allocator,
        Address sponsor,
        LockId lockId,
        ChainId chainId,
        long finalizationTimestamp,
        long thresholdTimestamp) {}

package dev.allocator.model.balance;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.time.Instant;
import java.util.List;

/**
 * What the indexer said about one sponsor's lock, fetched by the HTTP tier and carried inside the
 * command so the processor decides without a network call and a replay decides the same.
 *
 * @param registeredAllocatorId this allocator's id on the chain, or null when it is not registered there
 * @param finalizationThresholdSeconds how long a credit takes to become final on this chain
 * @param balance the lock's balance including unfinalized credits, or null when the lock does not exist
 * @param withdrawalStatus 0 when no forced withdrawal is active
 * @param unfinalizedCredits the sum of positive deltas newer than the finalization threshold
 * @param processedClaims claim hashes the indexer saw processed recently, sorted
 * @param observedAt when the HTTP tier asked
 */
public record LockSnapshot(
        ChainId chainId,
        LockId lockId,
        Address sponsor,
        Uint256 registeredAllocatorId,
        long finalizationThresholdSeconds,
        Uint256 balance,
        int withdrawalStatus,
        Uint256 unfinalizedCredits,
        List<Bytes32> processedClaims,
        Instant observedAt) {

    public LockSnapshot {
        if (chainId == null || lockId == null || sponsor == null || unfinalizedCredits == null || observedAt == null) {
            throw new IllegalArgumentException("snapshot needs chain, lock, sponsor, credits and time");
        }
        if (finalizationThresholdSeconds < 0) {
            throw new IllegalArgumentException("finalization threshold must not be negative");
        }
        processedClaims = processedClaims == null
                ? List.of()
                : processedClaims.stream()
                        .sorted((a, b) -> a.value().compareTo(b.value()))
                        .distinct()
                        .toList();
    }

    public boolean lockExists() {
        return balance != null;
    }

    /** max(0, balance - unfinalized credits): only final funds back an allocation. */
    public Uint256 allocatable() {
        return lockExists() ? balance.saturatingMinus(unfinalizedCredits) : Uint256.ZERO;
    }

    public boolean isProcessed(Bytes32 claimHash) {
        return processedClaims.contains(claimHash);
    }
}

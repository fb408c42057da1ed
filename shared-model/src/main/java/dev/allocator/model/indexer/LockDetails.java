package dev.allocator.model.indexer;

import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Uint256;
import java.util.List;

/**
 * The answer to GetDetails.
 *
 * @param unfinalizedDeltas positive deltas newer than the finalization timestamp
 * @param lock the lock's row, or null when the indexer has none for this sponsor
 * @param claimHashes claims processed through this allocator on this chain in the window
 */
public record LockDetails(List<Uint256> unfinalizedDeltas, LockState lock, List<Bytes32> claimHashes) {
    public LockDetails {
        unfinalizedDeltas = List.copyOf(unfinalizedDeltas);
        claimHashes = List.copyOf(claimHashes);
    }

    public Uint256 unfinalizedCredits() {
        return unfinalizedDeltas.stream().reduce(Uint256.ZERO, Uint256::plus);
    }

    /** A lock's balance and forced-withdrawal status. */
    public record LockState(Uint256 balance, int withdrawalStatus) {}
}

package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Uint256;
import java.util.List;

/**
 * The Compact v1 {@code BatchCompact}: several locks on one chain under one signature.
 *
 * @param commitments in signing order, which the hash preserves
 * @param mandate the witness, or null without one
 */
public record BatchCompact(
        Address arbiter, Address sponsor, Uint256 nonce, Uint256 expires, List<Lock> commitments, Mandate mandate) {

    public BatchCompact {
        if (arbiter == null || sponsor == null || nonce == null || expires == null) {
            throw new IllegalArgumentException("batch compact fields arbiter, sponsor, nonce, expires are required");
        }
        commitments = Lists.nonEmptyCopy(commitments, "commitments");
    }

    public boolean hasWitness() {
        return mandate != null;
    }
}

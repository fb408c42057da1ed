package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import java.util.List;

/**
 * One chain's part of a {@link MultichainCompact}. Each element carries its own witness hash,
 * while the witness type string is shared and lives on the compact.
 *
 * @param commitments in signing order, which the hash preserves
 * @param witnessHash this element's Mandate struct hash, or null without a witness
 */
public record Element(Address arbiter, ChainId chainId, List<Lock> commitments, Bytes32 witnessHash) {
    public Element {
        if (arbiter == null || chainId == null) {
            throw new IllegalArgumentException("element fields arbiter, chainId are required");
        }
        commitments = Lists.nonEmptyCopy(commitments, "commitments");
    }

    public boolean hasWitness() {
        return witnessHash != null;
    }
}

package dev.allocator.model.compact;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;

/**
 * The Compact v0 message a sponsor asks the allocator to co-sign.
 *
 * @param nonce null only in a request that leaves the choice to the allocator; hashing needs it
 * @param witnessTypeString the client's witness type string, or null without a witness
 * @param witnessHash the witness struct hash, present exactly when the type string is
 */
public record Compact(
        Address arbiter,
        Address sponsor,
        Uint256 nonce,
        Uint256 expires,
        LockId id,
        Uint256 amount,
        String witnessTypeString,
        Bytes32 witnessHash) {

    public Compact {
        if (arbiter == null || sponsor == null || expires == null || id == null || amount == null) {
            throw new IllegalArgumentException("compact fields arbiter, sponsor, expires, id, amount are required");
        }
        if ((witnessTypeString == null) != (witnessHash == null)) {
            throw new IllegalArgumentException("Witness type and hash must both be present or both be null");
        }
        if (witnessTypeString != null && witnessTypeString.isEmpty()) {
            throw new IllegalArgumentException("witness type string must not be empty");
        }
    }

    public boolean hasNonce() {
        return nonce != null;
    }

    public boolean hasWitness() {
        return witnessTypeString != null;
    }

    public Compact withNonce(Uint256 assigned) {
        return new Compact(arbiter, sponsor, assigned, expires, id, amount, witnessTypeString, witnessHash);
    }
}

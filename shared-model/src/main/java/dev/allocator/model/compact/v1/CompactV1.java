package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Uint256;

/**
 * The Compact v1 single-lock {@code Compact}.
 *
 * @param mandate the witness, or null without one
 */
public record CompactV1(
        Address arbiter,
        Address sponsor,
        Uint256 nonce,
        Uint256 expires,
        LockTag lockTag,
        Address token,
        Uint256 amount,
        Mandate mandate) {

    public CompactV1 {
        if (arbiter == null
                || sponsor == null
                || nonce == null
                || expires == null
                || lockTag == null
                || token == null
                || amount == null) {
            throw new IllegalArgumentException(
                    "compact fields arbiter, sponsor, nonce, expires, lockTag, token, amount are required");
        }
    }

    public boolean hasWitness() {
        return mandate != null;
    }
}

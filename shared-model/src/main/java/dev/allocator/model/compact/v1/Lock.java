package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;

/** One committed amount of one resource lock, as v1 splits it: lock tag and token apart. */
public record Lock(LockTag lockTag, Address token, Uint256 amount) {
    public Lock {
        if (lockTag == null || token == null || amount == null) {
            throw new IllegalArgumentException("lock fields lockTag, token, amount are required");
        }
    }

    public static Lock of(LockId id, Uint256 amount) {
        return new Lock(LockTag.of(id), id.token(), amount);
    }

    /** The ERC-6909 id the balance lives under: lock tag in the top 12 bytes, token below. */
    public LockId lockId() {
        byte[] word = new byte[32];
        System.arraycopy(lockTag.bytes(), 0, word, 0, 12);
        System.arraycopy(token.bytes(), 0, word, 12, 20);
        return new LockId(Uint256.ofBytes(word));
    }
}

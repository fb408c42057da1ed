package dev.allocator.query.balance;

import dev.allocator.model.value.Uint256;

/**
 * The reference's balance arithmetic for one lock.
 *
 * @param allocatable max(0, balance − unfinalized credits)
 * @param allocated this sponsor's live, unprocessed compacts on the lock
 */
record Balance(Uint256 allocatable, Uint256 allocated, int withdrawalStatus) {
    /** 0 under a forced withdrawal or when allocated ≥ allocatable, else the difference. */
    Uint256 available() {
        if (withdrawalStatus != 0 || allocated.compareTo(allocatable) >= 0) {
            return Uint256.ZERO;
        }
        return allocatable.saturatingMinus(allocated);
    }
}

package dev.allocator.indexer.standin;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.ResetPeriod;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;

/** Builds lock ids and allocator ids the way The Compact does, for seeds and tests. */
public final class LockIds {
    /** The largest allocator id: 92 bits. */
    public static final BigInteger MAX_ALLOCATOR_ID =
            BigInteger.ONE.shiftLeft(92).subtract(BigInteger.ONE);

    private static final BigInteger LOW_88_BITS = BigInteger.ONE.shiftLeft(88).subtract(BigInteger.ONE);

    private LockIds() {}

    /**
     * The id The Compact assigns an allocator when it registers: a 4-bit "compact flag" scoring
     * the address's leading zero nibbles (0-3 → 0, 4-17 → count minus 3, 18 or more → 15) above
     * the address's low 88 bits.
     */
    public static BigInteger allocatorIdOf(Address allocator) {
        String digits = allocator.lowercase().substring(2);
        int zeroNibbles = 0;
        while (zeroNibbles < digits.length() && digits.charAt(zeroNibbles) == '0') {
            zeroNibbles++;
        }
        int flag = zeroNibbles < 4 ? 0 : Math.min(zeroNibbles - 3, 15);
        BigInteger low = new BigInteger(1, allocator.bytes()).and(LOW_88_BITS);
        return BigInteger.valueOf(flag).shiftLeft(88).or(low);
    }

    /**
     * A lock id from its parts.
     *
     * @param multichain scope bit 0 (multichain) when true, 1 (chain-specific) when false
     */
    public static LockId lockId(boolean multichain, ResetPeriod resetPeriod, BigInteger allocatorId, Address token) {
        if (allocatorId.signum() < 0 || allocatorId.compareTo(MAX_ALLOCATOR_ID) > 0) {
            throw new IllegalArgumentException("allocator id must fit in 92 bits");
        }
        BigInteger id = BigInteger.valueOf(multichain ? 0 : 1)
                .shiftLeft(255)
                .or(BigInteger.valueOf(resetPeriod.index()).shiftLeft(252))
                .or(allocatorId.shiftLeft(160))
                .or(new BigInteger(1, token.bytes()));
        return new LockId(new Uint256(id));
    }

    /** True when the lock's scope bit (255) is 0, which The Compact calls multichain. */
    static boolean isMultichain(LockId lockId) {
        return !lockId.value().value().testBit(255);
    }
}

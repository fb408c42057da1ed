package dev.allocator.command.it;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.util.Arrays;

/** Lock ids for tests: scope bit 0 (multichain), a chosen reset period and allocator, a token. */
public final class Locks {
    private Locks() {}

    public static LockId lock(int resetPeriodIndex, long allocatorId, Address token) {
        return lock(resetPeriodIndex, BigInteger.valueOf(allocatorId), token);
    }

    public static LockId lock(int resetPeriodIndex, BigInteger allocatorId, Address token) {
        BigInteger id = BigInteger.valueOf(resetPeriodIndex)
                .shiftLeft(252)
                .or(allocatorId.shiftLeft(160))
                .or(new BigInteger(1, token.bytes()));
        return new LockId(new Uint256(id));
    }

    /** A token address that differs per call, so tests do not share locks. */
    public static Address token(int n) {
        return Address.ofBytes(Arrays.copyOfRange(Uint256.of(0x1000L + n).toBytes32(), 12, 32));
    }
}

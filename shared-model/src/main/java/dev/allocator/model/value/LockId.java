package dev.allocator.model.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;

/**
 * The ERC-6909 id of a resource lock: scope (bit 255), reset period (bits 252-254), allocator id
 * (bits 160-251) and token (bits 0-159).
 *
 * @param value the whole id
 */
public record LockId(Uint256 value) {
    private static final BigInteger ALLOCATOR_ID_MASK =
            BigInteger.ONE.shiftLeft(92).subtract(BigInteger.ONE);

    public LockId {
        if (value == null) {
            throw new IllegalArgumentException("lock id is required");
        }
    }

    @JsonCreator
    public static LockId parse(String text) {
        return new LockId(Uint256.parse(text));
    }

    /** The Compact's scope bit: 0 multichain, 1 chain-specific. */
    public int scope() {
        return value.value().testBit(255) ? 1 : 0;
    }

    public ResetPeriod resetPeriod() {
        return ResetPeriod.ofIndex(value.value().shiftRight(252).intValue() & 0b111);
    }

    /** The 92-bit id the allocator was registered under on the lock's chain. */
    public BigInteger allocatorId() {
        return value.value().shiftRight(160).and(ALLOCATOR_ID_MASK);
    }

    public Address token() {
        byte[] word = value.toBytes32();
        byte[] token = new byte[20];
        System.arraycopy(word, 12, token, 0, 20);
        return Address.ofBytes(token);
    }

    /** The top 12 bytes (scope, reset period, allocator id): The Compact v1's lock tag. */
    public byte[] lockTag() {
        byte[] tag = new byte[12];
        System.arraycopy(value.toBytes32(), 0, tag, 0, 12);
        return tag;
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}

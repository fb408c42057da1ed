package dev.allocator.model.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;

/**
 * An unsigned 256-bit integer, exact at every value.
 *
 * @param value between 0 and 2^256 - 1
 */
public record Uint256(BigInteger value) implements Comparable<Uint256> {
    public static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    public static final Uint256 ZERO = new Uint256(BigInteger.ZERO);
    public static final Uint256 ONE = new Uint256(BigInteger.ONE);
    public static final Uint256 MAX = new Uint256(MAX_VALUE);

    public Uint256 {
        if (value == null || value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            throw new IllegalArgumentException("uint256 must be between 0 and 2^256-1");
        }
    }

    public static Uint256 of(long value) {
        return new Uint256(BigInteger.valueOf(value));
    }

    /**
     * Parses a decimal string or a 0x-prefixed hex string. Rejects signs, fractions, exponents,
     * whitespace, the empty string and values above 2^256 - 1.
     */
    @JsonCreator
    public static Uint256 parse(String text) {
        return new Uint256(parseUnbounded(text));
    }

    /** The integer a decimal or 0x-hex string denotes, with only the textual rules applied. */
    public static BigInteger parseUnbounded(String text) {
        if (text == null || text.isEmpty()) {
            throw new NumberFormatException("empty number");
        }
        if (text.startsWith("0x")) {
            if (!Hex.isHexNumber(text)) {
                throw new NumberFormatException("invalid hex number");
            }
            return new BigInteger(text.substring(2), 16);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("invalid decimal number");
            }
        }
        return new BigInteger(text);
    }

    public static Uint256 ofBytes(byte[] bytes) {
        if (bytes.length > 32) {
            throw new IllegalArgumentException("uint256 has at most 32 bytes");
        }
        return new Uint256(new BigInteger(1, bytes));
    }

    /** The 32-byte big-endian encoding, as in ABI words. */
    public byte[] toBytes32() {
        byte[] raw = value.toByteArray();
        byte[] word = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, word, 32 - copy, copy);
        return word;
    }

    /** 0x followed by exactly 64 lowercase hex digits. */
    public String toHex32() {
        return Hex.encode(toBytes32());
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    public Uint256 plus(Uint256 other) {
        return new Uint256(value.add(other.value));
    }

    /** Subtraction that stops at zero, as balance arithmetic wants. */
    public Uint256 saturatingMinus(Uint256 other) {
        return value.compareTo(other.value) <= 0 ? ZERO : new Uint256(value.subtract(other.value));
    }

    @Override
    public int compareTo(Uint256 other) {
        return value.compareTo(other.value);
    }

    /** The decimal form, the canonical output. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}

package dev.allocator.model.value;

import java.math.BigInteger;

/**
 * A sponsor-prefixed compact nonce: the sponsor's 20 bytes followed by a 96-bit fragment. Exact
 * at every value; the fragment is never split into smaller machine integers.
 *
 * @param sponsor the upper 160 bits
 * @param fragment the lower 96 bits
 */
public record Nonce(Address sponsor, BigInteger fragment) {
    public static final BigInteger MAX_FRAGMENT = BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);

    public Nonce {
        if (sponsor == null || fragment == null) {
            throw new IllegalArgumentException("nonce needs a sponsor and a fragment");
        }
        if (fragment.signum() < 0 || fragment.compareTo(MAX_FRAGMENT) > 0) {
            throw new IllegalArgumentException("nonce fragment must be between 0 and 2^96-1");
        }
    }

    /** Splits a 256-bit nonce into its sponsor prefix and fragment. */
    public static Nonce of(Uint256 value) {
        byte[] word = value.toBytes32();
        byte[] prefix = new byte[20];
        System.arraycopy(word, 0, prefix, 0, 20);
        return new Nonce(Address.ofBytes(prefix), value.value().and(MAX_FRAGMENT));
    }

    public boolean belongsTo(Address candidate) {
        return sponsor.equals(candidate);
    }

    public Uint256 value() {
        return new Uint256(new BigInteger(1, sponsor.bytes()).shiftLeft(96).or(fragment));
    }

    /** 0x followed by 24 hex digits, the fragment as 12 bytes. */
    public String fragmentHex() {
        String digits = fragment.toString(16);
        return "0x" + "0".repeat(24 - digits.length()) + digits;
    }

    /** The canonical output: 0x followed by 64 lowercase hex digits. */
    @Override
    public String toString() {
        return value().toHex32();
    }
}

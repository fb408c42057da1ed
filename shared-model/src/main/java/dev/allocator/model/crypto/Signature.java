package dev.allocator.model.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Hex;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A secp256k1 signature over a 32-byte digest.
 *
 * @param r the x coordinate of the nonce point
 * @param s the proof scalar
 * @param yParity 0 or 1, the parity of the nonce point's y coordinate
 */
public record Signature(BigInteger r, BigInteger s, int yParity) {
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    public Signature {
        if (r == null
                || s == null
                || r.signum() <= 0
                || s.signum() <= 0
                || r.compareTo(N) >= 0
                || s.compareTo(N) >= 0) {
            throw new IllegalArgumentException("signature r and s must be in [1, n-1]");
        }
        if (yParity != 0 && yParity != 1) {
            throw new IllegalArgumentException("signature y parity must be 0 or 1");
        }
    }

    /**
     * Parses a 65-byte {@code r || s || v} signature (v in 0, 1, 27 or 28) or a 64-byte EIP-2098
     * compact signature {@code r || (yParity << 255 | s)}.
     */
    @JsonCreator
    public static Signature parse(String hex) {
        byte[] bytes = Hex.decode(hex);
        if (bytes.length == 65) {
            int v = bytes[64] & 0xff;
            int parity = v >= 27 ? v - 27 : v;
            return new Signature(word(bytes, 0), word(bytes, 32), parity);
        }
        if (bytes.length == 64) {
            BigInteger vs = word(bytes, 32);
            return new Signature(word(bytes, 0), vs.clearBit(255), vs.testBit(255) ? 1 : 0);
        }
        throw new IllegalArgumentException("signature must be 64 or 65 bytes, got " + bytes.length);
    }

    private static BigInteger word(byte[] bytes, int offset) {
        byte[] word = new byte[32];
        System.arraycopy(bytes, offset, word, 0, 32);
        return new BigInteger(1, word);
    }

    /** True when s is in the lower half of the curve order, as Ethereum requires (EIP-2). */
    public boolean isLowS() {
        return s.compareTo(HALF_N) <= 0;
    }

    /** The signer's address, or empty when no public key matches. */
    public Optional<Address> recover(Bytes32 digest) {
        BigInteger publicKey = Sign.recoverFromSignature(yParity, new ECDSASignature(r, s), digest.bytes());
        return Optional.ofNullable(publicKey).map(key -> Address.of("0x" + Keys.getAddress(key)));
    }

    /** The 64-byte EIP-2098 form: {@code r || (yParity << 255 | s)}, the canonical output. */
    @JsonValue
    public String toCompactHex() {
        BigInteger vs = yParity == 1 ? s.setBit(255) : s;
        return "0x" + pad(r) + pad(vs);
    }

    /** The 65-byte form {@code r || s || v} with v = 27 + yParity. */
    public String toRsvHex() {
        return "0x" + pad(r) + pad(s) + String.format("%02x", 27 + yParity);
    }

    /** 64 hex digits, no prefix: one 32-byte word. */
    private static String pad(BigInteger value) {
        return new Uint256(value).toHex32().substring(2);
    }

    @Override
    public String toString() {
        return toCompactHex();
    }
}

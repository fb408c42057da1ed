package dev.allocator.model.crypto;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Hex;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A secp256k1 private key that signs digests deterministically (RFC 6979) with low s. It never
 * prints its secret: {@link #toString()} shows the address only.
 */
public final class SigningKey {
    private static final ECDomainParameters CURVE = new ECDomainParameters(
            Sign.CURVE_PARAMS.getCurve(), Sign.CURVE_PARAMS.getG(), Sign.CURVE_PARAMS.getN(), Sign.CURVE_PARAMS.getH());
    private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);
    private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    private final ECKeyPair keyPair;
    private final Address address;

    private SigningKey(ECKeyPair keyPair) {
        this.keyPair = keyPair;
        this.address = Address.of("0x" + Keys.getAddress(keyPair));
    }

    /** From a 0x-prefixed 32-byte hex private key. */
    public static SigningKey fromHex(String privateKeyHex) {
        BigInteger secret = new BigInteger(1, Hex.decode(privateKeyHex, 32));
        if (secret.signum() == 0 || secret.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
            throw new IllegalArgumentException("private key is outside the curve order");
        }
        return new SigningKey(ECKeyPair.create(secret));
    }

    public static SigningKey generate(SecureRandom random) {
        byte[] secret = new byte[32];
        BigInteger candidate;
        do {
            random.nextBytes(secret);
            candidate = new BigInteger(1, secret);
        } while (candidate.signum() == 0 || candidate.compareTo(Sign.CURVE_PARAMS.getN()) >= 0);
        return new SigningKey(ECKeyPair.create(candidate));
    }

    public Address address() {
        return address;
    }

    /**
     * RFC 6979 deterministic ECDSA with low s, as web3j and every Ethereum wallet sign. The y
     * parity comes from the nonce point itself instead of trying public-key recoveries, which
     * saves up to four point multiplications on the hot path.
     */
    public Signature sign(Bytes32 digest) {
        byte[] message = digest.bytes();
        BigInteger n = CURVE.getN();
        BigInteger d = keyPair.getPrivateKey();
        BigInteger e = new BigInteger(1, message);
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(n, d, message);
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint point = BASE_MULTIPLIER.multiply(CURVE.getG(), k).normalize();
            BigInteger x = point.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(n);
            if (r.signum() == 0 || !x.equals(r)) {
                continue; // x >= n cannot be expressed by a parity bit; it happens with probability ~2^-128
            }
            BigInteger s = k.modInverse(n).multiply(e.add(d.multiply(r))).mod(n);
            if (s.signum() == 0) {
                continue;
            }
            int parity = point.getAffineYCoord().toBigInteger().testBit(0) ? 1 : 0;
            if (s.compareTo(HALF_N) > 0) {
                s = n.subtract(s);
                parity ^= 1;
            }
            return new Signature(r, s, parity);
        }
    }

    /** The secret as 0x-prefixed hex, for storing a generated development key. */
    public String privateKeyHex() {
        return new Uint256(keyPair.getPrivateKey()).toHex32();
    }

    @Override
    public String toString() {
        return "SigningKey[" + address + "]";
    }
}

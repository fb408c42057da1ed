package dev.allocator.model.crypto;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Hex;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A secp256k1 private key that signs digests deterministically (RFC 6979) with low s. It never
 * prints its secret: {@link #toString()} shows the address only.
 */
public final class SigningKey {
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

    public Signature sign(Bytes32 digest) {
        Sign.SignatureData data = Sign.signMessage(digest.bytes(), keyPair, false);
        return new Signature(
                new BigInteger(1, data.getR()), new BigInteger(1, data.getS()), (data.getV()[0] & 0xff) - 27);
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

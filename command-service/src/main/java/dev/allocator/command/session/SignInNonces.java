package dev.allocator.command.session;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-verifying sign-in nonces: 16 random bytes followed by an HMAC over them and the request's
 * address, chain and times, all hex (EIP-4361 wants letters and digits only). Issuing one writes
 * nothing anywhere; any instance can check it. Single use is the processor's job.
 */
final class SignInNonces {
    private static final int RANDOM_BYTES = 16;
    private static final int MAC_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SignInNonces(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String issue(Address address, ChainId chainId, String issuedAt, String expirationTime) {
        byte[] salt = new byte[RANDOM_BYTES];
        random.nextBytes(salt);
        return HEX.formatHex(salt) + HEX.formatHex(mac(salt, address, chainId, issuedAt, expirationTime));
    }

    boolean isAuthentic(String nonce, Address address, ChainId chainId, String issuedAt, String expirationTime) {
        if (nonce == null || nonce.length() != 2 * (RANDOM_BYTES + MAC_BYTES) || !nonce.matches("[0-9a-f]+")) {
            return false;
        }
        byte[] salt = HEX.parseHex(nonce.substring(0, 2 * RANDOM_BYTES));
        byte[] claimed = HEX.parseHex(nonce.substring(2 * RANDOM_BYTES));
        return MessageDigest.isEqual(claimed, mac(salt, address, chainId, issuedAt, expirationTime));
    }

    private byte[] mac(byte[] salt, Address address, ChainId chainId, String issuedAt, String expirationTime) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(salt);
            mac.update(String.join("|", address.lowercase(), chainId.toString(), issuedAt, expirationTime)
                    .getBytes(StandardCharsets.UTF_8));
            byte[] full = mac.doFinal();
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}

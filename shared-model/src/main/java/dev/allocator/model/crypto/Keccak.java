package dev.allocator.model.crypto;

import dev.allocator.model.value.Bytes32;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/** Keccak-256, as Ethereum uses it (not NIST SHA3-256). */
public final class Keccak {
    private Keccak() {}

    public static Bytes32 hash(byte[] input) {
        return Bytes32.ofBytes(Hash.sha3(input));
    }

    public static Bytes32 hash(String utf8) {
        return hash(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** keccak256 of the concatenation of the parts. */
    public static Bytes32 hashConcat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return hash(joined);
    }
}

package dev.allocator.model.crypto;

import dev.allocator.model.value.Bytes32;
import java.nio.charset.StandardCharsets;

/** EIP-191 version 0x45: the hash that {@code personal_sign} signs. */
public final class Eip191 {
    private Eip191() {}

    public static Bytes32 personalMessageHash(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = ("\u0019Ethereum Signed Message:\n" + body.length).getBytes(StandardCharsets.UTF_8);
        return Keccak.hashConcat(prefix, body);
    }
}

package dev.allocator.model.eip712;

import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Uint256;
import java.io.ByteArrayOutputStream;

/** ABI encoding of static values, one 32-byte word each, then hashed: what EIP-712 structs need. */
public final class AbiWords {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 8);

    public static AbiWords of(Bytes32 typehash) {
        return new AbiWords().bytes32(typehash);
    }

    public static AbiWords empty() {
        return new AbiWords();
    }

    public AbiWords address(Address address) {
        out.writeBytes(new byte[12]);
        out.writeBytes(address.bytes());
        return this;
    }

    public AbiWords uint256(Uint256 value) {
        out.writeBytes(value.toBytes32());
        return this;
    }

    public AbiWords bytes32(Bytes32 value) {
        out.writeBytes(value.bytes());
        return this;
    }

    /** A fixed-size {@code bytesN} value, left-aligned and zero-padded on the right. */
    public AbiWords fixedBytes(byte[] value) {
        if (value.length > 32) {
            throw new IllegalArgumentException("bytesN has at most 32 bytes");
        }
        out.writeBytes(value);
        out.writeBytes(new byte[32 - value.length]);
        return this;
    }

    public byte[] encoded() {
        return out.toByteArray();
    }

    public Bytes32 hash() {
        return Keccak.hash(out.toByteArray());
    }
}

package dev.allocator.model.eip712;

import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;

/** An EIP-712 domain with name, version, chain id and verifying contract. */
public record Eip712Domain(String name, String version, ChainId chainId, Address verifyingContract) {
    private static final Bytes32 TYPEHASH =
            Keccak.hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    public Bytes32 separator() {
        return AbiWords.of(TYPEHASH)
                .bytes32(Keccak.hash(name))
                .bytes32(Keccak.hash(version))
                .uint256(chainId.toUint256())
                .address(verifyingContract)
                .hash();
    }

    /** {@code keccak256(0x1901 || domainSeparator || structHash)}. */
    public Bytes32 digest(Bytes32 structHash) {
        return digest(separator(), structHash);
    }

    public static Bytes32 digest(Bytes32 domainSeparator, Bytes32 structHash) {
        return Keccak.hashConcat(new byte[] {0x19, 0x01}, domainSeparator.bytes(), structHash.bytes());
    }
}

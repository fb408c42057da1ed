package dev.allocator.model.compact;

import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.eip712.AbiWords;
import dev.allocator.model.eip712.Eip712Domain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** EIP-712 hashing of The Compact v0 {@code Compact}, exactly as the v0 contract verifies it. */
public final class CompactV0 {
    public static final String NAME = "The Compact";
    public static final String VERSION = "0";
    public static final Address VERIFYING_CONTRACT = Address.of("0x00000000000018DF021Ff2467dF97ff846E09f48");
    public static final String TYPE_STRING =
            "Compact(address arbiter,address sponsor,uint256 nonce,uint256 expires,uint256 id,uint256 amount)";
    public static final Bytes32 TYPEHASH = Keccak.hash(TYPE_STRING);

    private static final Map<ChainId, Bytes32> SEPARATORS = new ConcurrentHashMap<>();

    private CompactV0() {}

    public static Eip712Domain domain(ChainId chainId) {
        return new Eip712Domain(NAME, VERSION, chainId, VERIFYING_CONTRACT);
    }

    /** Cached per chain: the separator is on every signing path. */
    public static Bytes32 domainSeparator(ChainId chainId) {
        return SEPARATORS.computeIfAbsent(chainId, id -> domain(id).separator());
    }

    /** The type string: without a witness the plain one, else the prefix extended by the client's. */
    public static String typeString(Compact compact) {
        if (!compact.hasWitness()) {
            return TYPE_STRING;
        }
        return TYPE_STRING.substring(0, TYPE_STRING.length() - 1) + "," + compact.witnessTypeString();
    }

    public static Bytes32 typehash(Compact compact) {
        return compact.hasWitness() ? Keccak.hash(typeString(compact)) : TYPEHASH;
    }

    public static Bytes32 claimHash(Compact compact) {
        if (!compact.hasNonce()) {
            throw new IllegalArgumentException("a compact is hashed only once its nonce is set");
        }
        AbiWords words = AbiWords.of(typehash(compact))
                .address(compact.arbiter())
                .address(compact.sponsor())
                .uint256(compact.nonce())
                .uint256(compact.expires())
                .uint256(compact.id().value())
                .uint256(compact.amount());
        if (compact.hasWitness()) {
            words.bytes32(compact.witnessHash());
        }
        return words.hash();
    }

    public static Bytes32 digest(ChainId chainId, Bytes32 claimHash) {
        return Eip712Domain.digest(domainSeparator(chainId), claimHash);
    }
}

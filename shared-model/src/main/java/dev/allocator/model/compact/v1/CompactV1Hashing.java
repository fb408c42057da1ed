package dev.allocator.model.compact.v1;

import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.eip712.AbiWords;
import dev.allocator.model.eip712.Eip712Domain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * EIP-712 hashing of The Compact v1 messages, exactly as the v1 contract rebuilds them: the claim
 * hash it hands the allocator contract, and the digest whose signature that contract checks.
 */
public final class CompactV1Hashing {
    public static final String NAME = "The Compact";
    public static final String VERSION = "1";
    public static final Address VERIFYING_CONTRACT = Address.of("0x00000000000000171ede64904551eeDF3C6C9788");

    public static final String LOCK_TYPESTRING = "Lock(bytes12 lockTag,address token,uint256 amount)";
    public static final String COMPACT_TYPESTRING =
            "Compact(address arbiter,address sponsor,uint256 nonce,uint256 expires,bytes12 lockTag,address token,uint256 amount)";
    public static final String BATCH_COMPACT_TYPESTRING =
            "BatchCompact(address arbiter,address sponsor,uint256 nonce,uint256 expires,Lock[] commitments)"
                    + LOCK_TYPESTRING;
    public static final String ELEMENT_TYPESTRING =
            "Element(address arbiter,uint256 chainId,Lock[] commitments)" + LOCK_TYPESTRING;
    private static final String MULTICHAIN_HEAD =
            "MultichainCompact(address sponsor,uint256 nonce,uint256 expires,Element[] elements)";
    public static final String MULTICHAIN_COMPACT_TYPESTRING = MULTICHAIN_HEAD + ELEMENT_TYPESTRING;

    /** The witness prefixes end in {@code "Mandate("}: the client's fields and a ')' complete them. */
    public static final String COMPACT_WITH_MANDATE_PREFIX =
            "Compact(address arbiter,address sponsor,uint256 nonce,uint256 expires,bytes12 lockTag,address token,uint256 amount,Mandate mandate)Mandate(";

    public static final String BATCH_COMPACT_WITH_MANDATE_PREFIX =
            "BatchCompact(address arbiter,address sponsor,uint256 nonce,uint256 expires,Lock[] commitments,Mandate mandate)"
                    + LOCK_TYPESTRING
                    + "Mandate(";
    public static final String ELEMENT_WITH_MANDATE_PREFIX =
            "Element(address arbiter,uint256 chainId,Lock[] commitments,Mandate mandate)" + LOCK_TYPESTRING
                    + "Mandate(";
    public static final String MULTICHAIN_COMPACT_WITH_MANDATE_PREFIX = MULTICHAIN_HEAD + ELEMENT_WITH_MANDATE_PREFIX;

    public static final Bytes32 LOCK_TYPEHASH = Keccak.hash(LOCK_TYPESTRING);
    public static final Bytes32 COMPACT_TYPEHASH = Keccak.hash(COMPACT_TYPESTRING);
    public static final Bytes32 BATCH_COMPACT_TYPEHASH = Keccak.hash(BATCH_COMPACT_TYPESTRING);
    public static final Bytes32 ELEMENT_TYPEHASH = Keccak.hash(ELEMENT_TYPESTRING);
    public static final Bytes32 MULTICHAIN_COMPACT_TYPEHASH = Keccak.hash(MULTICHAIN_COMPACT_TYPESTRING);

    private static final Map<ChainId, Bytes32> SEPARATORS = new ConcurrentHashMap<>();

    private CompactV1Hashing() {}

    public static Eip712Domain domain(ChainId chainId) {
        return new Eip712Domain(NAME, VERSION, chainId, VERIFYING_CONTRACT);
    }

    /** Cached per chain: the separator is on every signing path. */
    public static Bytes32 domainSeparator(ChainId chainId) {
        return SEPARATORS.computeIfAbsent(chainId, id -> domain(id).separator());
    }

    /** {@code keccak256(0x1901 || domainSeparator || claimHash)}, what the allocator signs. */
    public static Bytes32 digest(ChainId chainId, Bytes32 claimHash) {
        return Eip712Domain.digest(domainSeparator(chainId), claimHash);
    }

    /** The typehash the arbiter's Mandate struct hash must start with, for checking a client's witness. */
    public static Bytes32 mandateTypehash(String witnessTypestring) {
        Mandate.requireValidTypestring(witnessTypestring);
        return Keccak.hash("Mandate(" + witnessTypestring + ")");
    }

    public static String typeString(CompactV1 compact) {
        return compact.hasWitness() ? withMandate(COMPACT_WITH_MANDATE_PREFIX, compact.mandate()) : COMPACT_TYPESTRING;
    }

    public static String typeString(BatchCompact compact) {
        return compact.hasWitness()
                ? withMandate(BATCH_COMPACT_WITH_MANDATE_PREFIX, compact.mandate())
                : BATCH_COMPACT_TYPESTRING;
    }

    public static String typeString(MultichainCompact compact) {
        return compact.hasWitness()
                ? MULTICHAIN_COMPACT_WITH_MANDATE_PREFIX + compact.witnessTypestring() + ")"
                : MULTICHAIN_COMPACT_TYPESTRING;
    }

    /**
     * The element's type string is the tail of the multichain one (from its {@code Element(} on),
     * so the shared witness type string enters both.
     */
    public static String elementTypeString(MultichainCompact compact) {
        return compact.hasWitness()
                ? ELEMENT_WITH_MANDATE_PREFIX + compact.witnessTypestring() + ")"
                : ELEMENT_TYPESTRING;
    }

    public static Bytes32 typehash(CompactV1 compact) {
        return compact.hasWitness() ? Keccak.hash(typeString(compact)) : COMPACT_TYPEHASH;
    }

    public static Bytes32 typehash(BatchCompact compact) {
        return compact.hasWitness() ? Keccak.hash(typeString(compact)) : BATCH_COMPACT_TYPEHASH;
    }

    public static Bytes32 typehash(MultichainCompact compact) {
        return compact.hasWitness() ? Keccak.hash(typeString(compact)) : MULTICHAIN_COMPACT_TYPEHASH;
    }

    public static Bytes32 elementTypehash(MultichainCompact compact) {
        return compact.hasWitness() ? Keccak.hash(elementTypeString(compact)) : ELEMENT_TYPEHASH;
    }

    public static Bytes32 claimHash(CompactV1 compact) {
        AbiWords words = AbiWords.of(typehash(compact))
                .address(compact.arbiter())
                .address(compact.sponsor())
                .uint256(compact.nonce())
                .uint256(compact.expires())
                .fixedBytes(compact.lockTag().bytes())
                .address(compact.token())
                .uint256(compact.amount());
        if (compact.hasWitness()) {
            words.bytes32(compact.mandate().witnessHash());
        }
        return words.hash();
    }

    public static Bytes32 claimHash(BatchCompact compact) {
        AbiWords words = AbiWords.of(typehash(compact))
                .address(compact.arbiter())
                .address(compact.sponsor())
                .uint256(compact.nonce())
                .uint256(compact.expires())
                .bytes32(commitmentsHash(compact.commitments()));
        if (compact.hasWitness()) {
            words.bytes32(compact.mandate().witnessHash());
        }
        return words.hash();
    }

    public static Bytes32 claimHash(MultichainCompact compact) {
        return AbiWords.of(typehash(compact))
                .address(compact.sponsor())
                .uint256(compact.nonce())
                .uint256(compact.expires())
                .bytes32(elementsHash(compact))
                .hash();
    }

    static Bytes32 lockHash(Lock lock) {
        return AbiWords.of(LOCK_TYPEHASH)
                .fixedBytes(lock.lockTag().bytes())
                .address(lock.token())
                .uint256(lock.amount())
                .hash();
    }

    /** EIP-712 hashes a struct array as the hash of its members' hashes, in order. */
    static Bytes32 commitmentsHash(List<Lock> commitments) {
        return concatHash(commitments, CompactV1Hashing::lockHash);
    }

    static Bytes32 elementHash(Bytes32 elementTypehash, Element element) {
        AbiWords words = AbiWords.of(elementTypehash)
                .address(element.arbiter())
                .uint256(element.chainId().toUint256())
                .bytes32(commitmentsHash(element.commitments()));
        if (element.hasWitness()) {
            words.bytes32(element.witnessHash());
        }
        return words.hash();
    }

    static Bytes32 elementsHash(MultichainCompact compact) {
        Bytes32 elementTypehash = elementTypehash(compact);
        return concatHash(compact.elements(), e -> elementHash(elementTypehash, e));
    }

    private static String withMandate(String prefix, Mandate mandate) {
        return prefix + mandate.witnessTypestring() + ")";
    }

    private static <T> Bytes32 concatHash(List<T> items, Function<T, Bytes32> hash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * items.size());
        items.forEach(item -> out.writeBytes(hash.apply(item).bytes()));
        return Keccak.hash(out.toByteArray());
    }
}

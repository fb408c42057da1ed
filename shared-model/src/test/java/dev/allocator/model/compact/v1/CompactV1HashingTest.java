package dev.allocator.model.compact.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.eip712.AbiWords;
import dev.allocator.model.testing.Vectors;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class CompactV1HashingTest {
    private static final JsonNode FILE = Vectors.load("compact-v1.json");
    private static final JsonNode COMMON = FILE.get("common");
    private static final SigningKey SIGNER = SigningKey.fromHex(Vectors.SIGNER_PRIVATE_KEY);
    private static final ChainId CHAIN = ChainId.of(COMMON.get("chainId").asLong());
    private static final String WITNESS_TYPESTRING =
            COMMON.get("witnessTypestring").asString();

    /** A vector's inputs; every other field is an expected value, and each one must be checked. */
    private static final Set<String> INPUTS = Set.of("name", "commitments", "elements");

    static Stream<Arguments> domainSeparators() {
        return entries(FILE.get("domainSeparators"));
    }

    static Stream<Arguments> typehashes() {
        return entries(FILE.get("typehashes"));
    }

    static Stream<Arguments> typestrings() {
        return entries(FILE.get("typestrings")).filter(a -> !a.get()[0].equals("ElementWithMandate"));
    }

    static Stream<Arguments> vectors() {
        List<Arguments> all = new ArrayList<>();
        FILE.get("vectors").forEach(v -> all.add(Arguments.of(v.get("name").asString(), v)));
        return all.stream();
    }

    @ParameterizedTest(name = "domain separator of chain {0}")
    @MethodSource("domainSeparators")
    void domainSeparatorMatchesVector(String chainId, String expected) {
        assertThat(CompactV1Hashing.domainSeparator(ChainId.parse(chainId)).value())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} typehash")
    @MethodSource("typehashes")
    void typehashMatchesVector(String kind, String expected) {
        Bytes32 actual = switch (kind) {
            case "Compact" -> CompactV1Hashing.COMPACT_TYPEHASH;
            case "Lock" -> CompactV1Hashing.LOCK_TYPEHASH;
            case "BatchCompact" -> CompactV1Hashing.BATCH_COMPACT_TYPEHASH;
            case "Element" -> CompactV1Hashing.ELEMENT_TYPEHASH;
            case "MultichainCompact" -> CompactV1Hashing.MULTICHAIN_COMPACT_TYPEHASH;
            default -> throw new AssertionError("no typehash known for " + kind);
        };
        assertThat(actual.value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} type string")
    @MethodSource("typestrings")
    void typeStringMatchesVector(String kind, String expected) {
        String actual = switch (kind) {
            case "Compact" -> CompactV1Hashing.COMPACT_TYPESTRING;
            case "Lock" -> CompactV1Hashing.LOCK_TYPESTRING;
            case "BatchCompact" -> CompactV1Hashing.BATCH_COMPACT_TYPESTRING;
            case "Element" -> CompactV1Hashing.ELEMENT_TYPESTRING;
            case "MultichainCompact" -> CompactV1Hashing.MULTICHAIN_COMPACT_TYPESTRING;
            case "CompactWithMandatePrefix" -> CompactV1Hashing.COMPACT_WITH_MANDATE_PREFIX;
            case "BatchCompactWithMandatePrefix" -> CompactV1Hashing.BATCH_COMPACT_WITH_MANDATE_PREFIX;
            case "MultichainCompactWithMandatePrefix" -> CompactV1Hashing.MULTICHAIN_COMPACT_WITH_MANDATE_PREFIX;
            default -> throw new AssertionError("no type string known for " + kind);
        };
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void elementWithMandateTypeStringIsTheMultichainOneFromOffset83() {
        String multichainPrefix = FILE.get("typestrings")
                .get("MultichainCompactWithMandatePrefix")
                .asString();

        assertThat(CompactV1Hashing.elementTypeString(multichain(vector("V1-E"))))
                .isEqualTo(multichainPrefix.substring(83) + WITNESS_TYPESTRING + ")")
                .startsWith("Element(");
    }

    @Test
    void mandateTypehashAndWitnessHashMatchVector() {
        assertThat(CompactV1Hashing.mandateTypehash(WITNESS_TYPESTRING).value())
                .isEqualTo(COMMON.get("mandateTypehash").asString());
        assertThat(mandateHash(COMMON.get("mandate")).value())
                .isEqualTo(COMMON.get("witnessHash").asString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyExpectedValueOfTheVectorMatches(String name, JsonNode vector) {
        Map<String, Object> computed = computedValues(name, vector);

        for (Map.Entry<String, JsonNode> field : vector.properties()) {
            if (INPUTS.contains(field.getKey())) {
                continue;
            }
            assertThat(computed).as("computed fields of %s", name).containsKey(field.getKey());
            assertThat(computed.get(field.getKey()))
                    .as("%s of %s", field.getKey(), name)
                    .isEqualTo(expected(field.getValue()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signatureIsLowSAndRecoversTheSigner(String name, JsonNode vector) {
        Bytes32 digest = Bytes32.of(vector.get("digest").asString());
        Signature signature = SIGNER.sign(digest);

        assertThat(signature.isLowS()).isTrue();
        assertThat(Signature.parse(signature.toCompactHex()).recover(digest)).contains(SIGNER.address());
    }

    private static Map<String, Object> computedValues(String name, JsonNode vector) {
        String id = name.substring(0, name.indexOf(' '));
        return switch (id) {
            case "V1-A" -> compactValues(compact(null));
            case "V1-B" -> compactValues(compact(commonMandate()));
            case "V1-C" ->
                batchValues(new BatchCompact(
                        arbiter(), sponsor(), nonce(), expires(), locks(vector.get("commitments")), null));
            case "V1-D" ->
                batchValues(new BatchCompact(
                        arbiter(),
                        sponsor(),
                        nonce(),
                        expires(),
                        locks(vector("V1-C").get("commitments")),
                        commonMandate()));
            case "V1-E" -> multichainValues(multichain(vector));
            default -> fail("no inputs known for vector " + name);
        };
    }

    private static Map<String, Object> compactValues(CompactV1 compact) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("typehash", CompactV1Hashing.typehash(compact).value());
        signed(values, CompactV1Hashing.claimHash(compact));
        return values;
    }

    private static Map<String, Object> batchValues(BatchCompact compact) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("typehash", CompactV1Hashing.typehash(compact).value());
        values.put(
                "lockHashes",
                compact.commitments().stream()
                        .map(l -> CompactV1Hashing.lockHash(l).value())
                        .toList());
        values.put(
                "commitmentsHash",
                CompactV1Hashing.commitmentsHash(compact.commitments()).value());
        signed(values, CompactV1Hashing.claimHash(compact));
        return values;
    }

    private static Map<String, Object> multichainValues(MultichainCompact compact) {
        Bytes32 elementTypehash = CompactV1Hashing.elementTypehash(compact);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("elementTypehash", elementTypehash.value());
        values.put("multichainTypehash", CompactV1Hashing.typehash(compact).value());
        values.put(
                "elementHashes",
                compact.elements().stream()
                        .map(e ->
                                CompactV1Hashing.elementHash(elementTypehash, e).value())
                        .toList());
        values.put("elementsHash", CompactV1Hashing.elementsHash(compact).value());
        signed(values, CompactV1Hashing.claimHash(compact));
        return values;
    }

    private static void signed(Map<String, Object> values, Bytes32 claimHash) {
        Bytes32 digest = CompactV1Hashing.digest(CHAIN, claimHash);
        values.put("claimHash", claimHash.value());
        values.put("digest", digest.value());
        values.put("signature", SIGNER.sign(digest).toCompactHex());
    }

    private static CompactV1 compact(Mandate mandate) {
        return new CompactV1(
                arbiter(),
                sponsor(),
                nonce(),
                expires(),
                LockTag.of(COMMON.get("lockTag").asString()),
                Address.of(COMMON.get("token").asString()),
                Uint256.parse(COMMON.get("amount").asString()),
                mandate);
    }

    private static MultichainCompact multichain(JsonNode vector) {
        List<Element> elements = new ArrayList<>();
        for (JsonNode e : vector.get("elements")) {
            elements.add(new Element(
                    Address.of(e.get("arbiter").asString()),
                    ChainId.of(e.get("chainId").asLong()),
                    locks(e.get("commitments")),
                    mandateHash(e.get("mandate"))));
        }
        return new MultichainCompact(sponsor(), nonce(), expires(), elements, WITNESS_TYPESTRING);
    }

    private static List<Lock> locks(JsonNode commitments) {
        List<Lock> locks = new ArrayList<>();
        for (JsonNode c : commitments) {
            locks.add(new Lock(
                    LockTag.of(c.get("lockTag").asString()),
                    Address.of(c.get("token").asString()),
                    Uint256.parse(c.get("amount").asString())));
        }
        return locks;
    }

    /** The arbiter's Mandate struct hash: the allocator only relays it, so only the test builds it. */
    private static Bytes32 mandateHash(JsonNode mandate) {
        return AbiWords.of(CompactV1Hashing.mandateTypehash(WITNESS_TYPESTRING))
                .uint256(Uint256.parse(mandate.get("fillExpires").asString()))
                .address(Address.of(mandate.get("recipient").asString()))
                .hash();
    }

    private static Mandate commonMandate() {
        return new Mandate(WITNESS_TYPESTRING, mandateHash(COMMON.get("mandate")));
    }

    private static Address arbiter() {
        return Address.of(COMMON.get("arbiter").asString());
    }

    private static Address sponsor() {
        return Address.of(COMMON.get("sponsor").asString());
    }

    private static Uint256 nonce() {
        return Uint256.parse(COMMON.get("nonce").asString());
    }

    private static Uint256 expires() {
        return Uint256.parse(COMMON.get("expires").asString());
    }

    private static JsonNode vector(String id) {
        for (JsonNode v : FILE.get("vectors")) {
            if (v.get("name").asString().startsWith(id + " ")) {
                return v;
            }
        }
        throw new AssertionError("no vector " + id);
    }

    private static Object expected(JsonNode node) {
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(n -> values.add(n.asString()));
            return values;
        }
        return node.asString();
    }

    private static Stream<Arguments> entries(JsonNode object) {
        List<Arguments> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            all.add(Arguments.of(e.getKey(), e.getValue().asString()));
        }
        return all.stream();
    }
}

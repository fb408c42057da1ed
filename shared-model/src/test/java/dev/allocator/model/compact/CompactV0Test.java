package dev.allocator.model.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.testing.Vectors;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class CompactV0Test {
    private static final JsonNode FILE = Vectors.load("compact-v0.json");
    private static final SigningKey SIGNER = SigningKey.fromHex(Vectors.SIGNER_PRIVATE_KEY);

    static Stream<Arguments> vectors() {
        List<Arguments> all = new ArrayList<>();
        FILE.get("vectors").forEach(v -> all.add(Arguments.of(v.get("name").asString(), v)));
        return all.stream();
    }

    static Stream<Arguments> domainSeparators() {
        List<Arguments> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : FILE.get("domainSeparators").properties()) {
            all.add(Arguments.of(e.getKey(), e.getValue().asString()));
        }
        return all.stream();
    }

    static Compact compactOf(JsonNode c) {
        JsonNode witnessType = c.get("witnessTypeString");
        JsonNode witnessHash = c.get("witnessHash");
        return new Compact(
                Address.of(c.get("arbiter").asString()),
                Address.of(c.get("sponsor").asString()),
                Uint256.parse(c.get("nonce").asString()),
                Uint256.parse(c.get("expires").asString()),
                LockId.parse(c.get("id").asString()),
                Uint256.parse(c.get("amount").asString()),
                witnessType.isNull() ? null : witnessType.asString(),
                witnessHash.isNull() ? null : Bytes32.of(witnessHash.asString()));
    }

    @ParameterizedTest(name = "domain separator of chain {0}")
    @MethodSource("domainSeparators")
    void domainSeparatorMatchesVector(String chainId, String expected) {
        assertThat(CompactV0.domainSeparator(ChainId.parse(chainId)).value()).isEqualTo(expected);
    }

    @Test
    void typehashMatchesVector() {
        assertThat(CompactV0.TYPEHASH.value())
                .isEqualTo(FILE.get("compactTypehash").asString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void claimHashDigestAndSignatureMatchVector(String name, JsonNode vector) {
        Compact compact = compactOf(vector.get("compact"));
        ChainId chainId = ChainId.of(vector.get("chainId").asLong());

        Bytes32 claimHash = CompactV0.claimHash(compact);
        Bytes32 digest = CompactV0.digest(chainId, claimHash);
        Signature signature = SIGNER.sign(digest);

        if (vector.has("typehash")) {
            assertThat(CompactV0.typehash(compact).value())
                    .isEqualTo(vector.get("typehash").asString());
        }
        assertThat(claimHash.value()).isEqualTo(vector.get("claimHash").asString());
        assertThat(digest.value()).isEqualTo(vector.get("digest").asString());
        assertThat(signature.toCompactHex()).isEqualTo(vector.get("signature").asString());
        assertThat(signature.isLowS()).isTrue();
        assertThat(Signature.parse(signature.toCompactHex()).recover(digest)).contains(SIGNER.address());
    }
}

package dev.allocator.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.testing.Vectors;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NonceTest {
    @Test
    void splitsTheVectorNonce() {
        JsonNode vector = Vectors.load("compact-v0.json").get("nonces").get(0);
        Nonce nonce = Nonce.of(Uint256.parse(vector.get("nonce").asString()));

        assertThat(nonce.sponsor()).isEqualTo(Address.of(vector.get("sponsor").asString()));
        assertThat(nonce.fragmentHex()).isEqualTo(vector.get("fragment").asString());
        assertThat(nonce.toString()).isEqualTo(vector.get("nonce").asString());
    }

    @Test
    void sponsorAndFragmentComposeExactly() {
        SeededCases.forAll(1000, random -> {
            Address sponsor = Gen.address(random);
            BigInteger fragment = Gen.between(random, BigInteger.ZERO, Nonce.MAX_FRAGMENT, BigInteger.ONE);
            Nonce nonce = new Nonce(sponsor, fragment);
            Nonce back = Nonce.of(nonce.value());

            assertThat(back).isEqualTo(nonce);
            assertThat(back.fragment()).isEqualTo(fragment);
            assertThat(back.belongsTo(sponsor)).isTrue();
            assertThat(nonce.toString())
                    .hasSize(66)
                    .startsWith("0x" + sponsor.lowercase().substring(2));
        });
    }

    @Test
    void rejectsFragmentsOutsideNinetySixBits() {
        assertThatThrownBy(() -> new Nonce(Address.ZERO, Nonce.MAX_FRAGMENT.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Nonce(Address.ZERO, BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.allocator.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.testing.Vectors;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NonceTest {
    @Provide
    Arbitrary<BigInteger> fragments() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, Nonce.MAX_FRAGMENT),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, Nonce.MAX_FRAGMENT));
    }

    @Provide
    Arbitrary<Address> sponsors() {
        return AddressTest.addresses();
    }

    @Test
    void splitsTheVectorNonce() {
        JsonNode vector = Vectors.load("compact-v0.json").get("nonces").get(0);
        Nonce nonce = Nonce.of(Uint256.parse(vector.get("nonce").asString()));

        assertThat(nonce.sponsor()).isEqualTo(Address.of(vector.get("sponsor").asString()));
        assertThat(nonce.fragmentHex()).isEqualTo(vector.get("fragment").asString());
        assertThat(nonce.toString()).isEqualTo(vector.get("nonce").asString());
    }

    @Property
    void sponsorAndFragmentComposeExactly(
            @ForAll("sponsors") Address sponsor, @ForAll("fragments") BigInteger fragment) {
        Nonce nonce = new Nonce(sponsor, fragment);
        Nonce back = Nonce.of(nonce.value());

        assertThat(back).isEqualTo(nonce);
        assertThat(back.fragment()).isEqualTo(fragment);
        assertThat(back.belongsTo(sponsor)).isTrue();
        assertThat(nonce.toString())
                .hasSize(66)
                .startsWith("0x" + sponsor.lowercase().substring(2));
    }

    @Test
    void rejectsFragmentsOutsideNinetySixBits() {
        assertThatThrownBy(() -> new Nonce(Address.ZERO, Nonce.MAX_FRAGMENT.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Nonce(Address.ZERO, BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.allocator.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmallValuesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"", "0", "-1", "+1", "01", "1.0", "0x1", "abc", "99999999999999999999", "9223372036854775808"})
    void chainIdRejectsAnythingButAPositiveDecimal(String text) {
        assertThatThrownBy(() -> ChainId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chainIdRoundTrips() {
        SeededCases.forAll(1000, random -> {
            long value = Gen.between(random, 1, Long.MAX_VALUE);
            assertThat(ChainId.parse(Long.toString(value)).value()).isEqualTo(value);
        });
    }

    @Test
    void bytes32IsLowercasedAndExactlyThirtyTwoBytes() {
        String upper = "0x" + "AB".repeat(32);
        assertThat(Bytes32.of(upper).value()).isEqualTo(upper.toLowerCase(java.util.Locale.ROOT));
        assertThatThrownBy(() -> Bytes32.of("0x" + "ab".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bytes32.of("0x" + "zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hexDecodingIsStrict() {
        assertThatThrownBy(() -> Hex.decode("abcd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.decode("0xabc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.decode("0x+1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Hex.decode("0xABcd")).containsExactly(0xab, 0xcd);
    }
}

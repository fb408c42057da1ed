package dev.allocator.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Uint256Test {
    static final BigInteger TWO_96_MINUS_1 = BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);

    private static BigInteger uint256(Random random) {
        return Gen.between(random, BigInteger.ZERO, Uint256.MAX_VALUE, BigInteger.ONE, TWO_96_MINUS_1);
    }

    @Test
    void decimalAndHexFormsParseToTheSameValue() {
        SeededCases.forAll(1000, random -> {
            BigInteger value = uint256(random);
            assertThat(Uint256.parse(value.toString()).value()).isEqualTo(value);
            assertThat(Uint256.parse("0x" + value.toString(16)).value()).isEqualTo(value);
            assertThat(Uint256.parse(new Uint256(value).toHex32()).value()).isEqualTo(value);
        });
    }

    @Test
    void canonicalFormIsDecimalAndRoundTrips() {
        SeededCases.forAll(1000, random -> {
            BigInteger value = uint256(random);
            Uint256 parsed = new Uint256(value);
            assertThat(parsed.toString()).isEqualTo(value.toString());
            assertThat(Uint256.parse(parsed.toString())).isEqualTo(parsed);
            assertThat(Uint256.ofBytes(parsed.toBytes32())).isEqualTo(parsed);
            assertThat(parsed.toBytes32()).hasSize(32);
        });
    }

    @Test
    void rejectsEveryValueAboveTheMaximum() {
        SeededCases.forAll(1000, random -> {
            BigInteger tooLarge = Uint256.MAX_VALUE.add(BigInteger.ONE).add(uint256(random));
            assertThatThrownBy(() -> Uint256.parse(tooLarge.toString())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Uint256.parse("0x" + tooLarge.toString(16)))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1.5", "1e3", " 1", "1 ", "0x", "0xg1", "0X10", "abc", "1_000", "٣"})
    void rejectsMalformedNumbers(String text) {
        assertThatThrownBy(() -> Uint256.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "115792089237316195423570985008687907853269984665640564039457584007913129639935",
                "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
            })
    void acceptsTheMaximum(String text) {
        assertThat(Uint256.parse(text)).isEqualTo(Uint256.MAX);
    }

    @Test
    void saturatingMinusNeverGoesBelowZero() {
        SeededCases.forAll(1000, random -> {
            BigInteger a = uint256(random);
            BigInteger b = uint256(random);
            Uint256 result = new Uint256(a).saturatingMinus(new Uint256(b));
            assertThat(result.value()).isEqualTo(a.subtract(b).max(BigInteger.ZERO));
        });
    }
}

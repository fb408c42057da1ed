package dev.allocator.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.value.Bytes32;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

class SigningKeyTest {
    /** web3j's signer is the reference: same r, s and parity, for every key and digest. */
    @Test
    void signsExactlyAsWeb3jDoes() {
        SeededCases.forAll(300, random -> {
            BigInteger secret =
                    Gen.between(random, BigInteger.ONE, Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE));
            Bytes32 digest = Gen.bytes32(random);
            String hex = "0x" + String.format("%064x", secret);
            Sign.SignatureData expected = Sign.signMessage(digest.bytes(), ECKeyPair.create(secret), false);

            Signature actual = SigningKey.fromHex(hex).sign(digest);

            assertThat(actual.r()).isEqualTo(new BigInteger(1, expected.getR()));
            assertThat(actual.s()).isEqualTo(new BigInteger(1, expected.getS()));
            assertThat(actual.yParity()).isEqualTo((expected.getV()[0] & 0xff) - 27);
            assertThat(actual.isLowS()).isTrue();
            assertThat(actual.recover(digest)).contains(SigningKey.fromHex(hex).address());
        });
    }

    @Test
    void neverPrintsTheSecret() {
        SigningKey key = SigningKey.fromHex("0x" + "11".repeat(32));
        assertThat(key.toString()).doesNotContain("1111").contains(key.address().checksummed());
    }
}

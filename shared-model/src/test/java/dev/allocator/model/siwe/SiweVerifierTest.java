package dev.allocator.model.siwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.testing.Vectors;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

class SiweVerifierTest {
    private static final String TEXT = SiweMessageTest.VECTOR_TEXT;
    private static final String SIGNATURE =
            SiweMessageTest.VECTOR.get("signature").asString();
    private static final Address SIGNER =
            Address.of(SiweMessageTest.VECTOR.get("payload").get("address").asString());
    private static final Instant DURING = Instant.parse("2024-03-07T12:30:00Z");

    @Test
    void vectorHashesAndSignerMatch() {
        assertThat(Eip191.personalMessageHash(TEXT).value())
                .isEqualTo(SiweMessageTest.VECTOR.get("eip191Hash").asString());
        assertThat(SigningKey.fromHex(Vectors.SIGNER_PRIVATE_KEY).address()).isEqualTo(SIGNER);
        assertThat(SigningKey.fromHex(Vectors.SIGNER_PRIVATE_KEY)
                        .sign(Eip191.personalMessageHash(TEXT))
                        .toRsvHex())
                .isEqualTo(SIGNATURE);
    }

    @Test
    void vectorSignatureVerifiesIn65ByteForm() {
        SiweVerification result = SiweVerifier.verify(TEXT, SIGNATURE, DURING);

        assertThat(result).isInstanceOf(SiweVerification.Verified.class);
        SiweVerification.Verified verified = (SiweVerification.Verified) result;
        assertThat(verified.signer()).isEqualTo(SIGNER);
        assertThat(verified.message()).isEqualTo(SiweMessageTest.vectorMessage());
        assertThat(verified.signature().toRsvHex()).isEqualTo(SIGNATURE);
    }

    @Test
    void vectorSignatureVerifiesInEip2098CompactForm() {
        String compact = Signature.parse(SIGNATURE).toCompactHex();

        assertThat(compact).hasSize(2 + 128);
        assertThat(SiweVerifier.verify(TEXT, compact, DURING).isVerified()).isTrue();
    }

    @Test
    void vectorSignatureVerifiesWithV0Or1() {
        String v0 = SIGNATURE.substring(0, SIGNATURE.length() - 2) + "00";

        assertThat(SiweVerifier.verify(TEXT, v0, DURING).isVerified()).isTrue();
    }

    @Test
    void verifiesAMessageBuiltFromThePayload() {
        assertThat(SiweVerifier.verify(SiweMessageTest.vectorMessage(), SIGNATURE, DURING))
                .isInstanceOf(SiweVerification.Verified.class);
    }

    @Test
    void highSVariantIsRejectedThoughItRecoversTheSigner() {
        Signature low = Signature.parse(SIGNATURE);
        BigInteger n = Sign.CURVE_PARAMS.getN();
        Signature high = new Signature(low.r(), n.subtract(low.s()), 1 - low.yParity());
        Bytes32 hash = Eip191.personalMessageHash(TEXT);
        assertThat(high.isLowS()).isFalse();
        assertThat(high.recover(hash)).contains(SIGNER);

        assertThat(SiweVerifier.verify(TEXT, high.toRsvHex(), DURING))
                .isEqualTo(new SiweVerification.Rejected(
                        "signature s is in the upper half of the curve order (malleable, EIP-2)"));
    }

    @Test
    void tamperedMessageIsRejected() {
        String tampered = TEXT.replace("Chain ID: 1", "Chain ID: 10");

        SiweVerification result = SiweVerifier.verify(tampered, SIGNATURE, DURING);

        assertThat(result).isInstanceOf(SiweVerification.Rejected.class);
        assertThat(((SiweVerification.Rejected) result).reason())
                .startsWith("signer 0x")
                .endsWith("does not match message address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void messageNamingAnotherAddressIsRejected() {
        Address other = SigningKey.generate(new SecureRandom()).address();
        String claimed = TEXT.replace(SIGNER.checksummed(), other.checksummed());

        SiweVerification result = SiweVerifier.verify(claimed, SIGNATURE, DURING);

        // The text changed, so the signature recovers some unrelated key, neither SIGNER nor other.
        assertThat(result).isInstanceOf(SiweVerification.Rejected.class);
        assertThat(((SiweVerification.Rejected) result).reason())
                .matches("signer 0x[0-9a-fA-F]{40} does not match message address " + other);
    }

    @Test
    void wrongExpectedSignerIsRejected() {
        Address other = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

        assertThatThrownBy(() -> SiweVerifier.requireSignedBy(TEXT, other, SIGNATURE))
                .isInstanceOf(SiweException.class)
                .hasMessageContaining("does not match message address " + other);
    }

    @Test
    void malformedSignaturesAreRejectedWithAReason() {
        assertThat(SiweVerifier.verify(TEXT, "0x1234", DURING))
                .isEqualTo(
                        new SiweVerification.Rejected("malformed signature: signature must be 64 or 65 bytes, got 2"));
        assertThat(SiweVerifier.verify(TEXT, "nothex", DURING))
                .isEqualTo(new SiweVerification.Rejected("malformed signature: hex must start with 0x"));
        assertThat(SiweVerifier.verify(TEXT, null, DURING)).isInstanceOf(SiweVerification.Rejected.class);
        String badV = SIGNATURE.substring(0, SIGNATURE.length() - 2) + "1d";
        assertThat(SiweVerifier.verify(TEXT, badV, DURING))
                .isEqualTo(new SiweVerification.Rejected("malformed signature: signature y parity must be 0 or 1"));
        String zeroR = "0x" + "00".repeat(32) + SIGNATURE.substring(66);
        assertThat(SiweVerifier.verify(TEXT, zeroR, DURING)).isInstanceOf(SiweVerification.Rejected.class);
    }

    @Test
    void rThatIsNoCurvePointIsRejected() {
        BigInteger p = Sign.CURVE_PARAMS.getCurve().getField().getCharacteristic();
        BigInteger x = BigInteger.ONE;
        while (!x.pow(3).add(BigInteger.valueOf(7)).modPow(p.shiftRight(1), p).equals(p.subtract(BigInteger.ONE))) {
            x = x.add(BigInteger.ONE); // until x^3 + 7 is a quadratic non-residue: no point has that x
        }
        Signature signature = Signature.parse(SIGNATURE);
        String offCurve = new Signature(x, signature.s(), signature.yParity()).toRsvHex();

        assertThat(SiweVerifier.verify(TEXT, offCurve, DURING))
                .isEqualTo(new SiweVerification.Rejected("no public key recovers from the signature"));
    }

    @Test
    void malformedMessageIsRejectedWithTheParseReason() {
        assertThat(SiweVerifier.verify(TEXT.replace("Version: 1", "Version: 2"), SIGNATURE, DURING))
                .isEqualTo(new SiweVerification.Rejected("invalid Version: must be 1"));
    }

    @Test
    void messageOutsideItsTimeWindowIsRejectedAfterTheSignatureChecks() {
        assertThat(SiweVerifier.verify(TEXT, SIGNATURE, Instant.parse("2024-03-07T13:00:00Z")))
                .isEqualTo(new SiweVerification.Rejected(
                        "message has expired (Expiration Time 2024-03-07T13:00:00.000Z)"));
        assertThat(SiweVerifier.verify(TEXT, SIGNATURE, Instant.parse("2024-03-07T11:00:00Z")))
                .isEqualTo(new SiweVerification.Rejected(
                        "message is issued in the future (Issued At 2024-03-07T12:00:00.000Z)"));
    }

    @Test
    void freshKeySignsAndVerifies() {
        SigningKey key = SigningKey.generate(new SecureRandom());
        String text = TEXT.replace(SIGNER.checksummed(), key.address().checksummed());
        Signature signature = key.sign(Eip191.personalMessageHash(text));

        assertThat(SiweVerifier.verify(text, signature.toRsvHex(), DURING).isVerified())
                .isTrue();
        assertThat(SiweVerifier.verify(text, signature.toCompactHex(), DURING).isVerified())
                .isTrue();
    }
}

package dev.allocator.model.siwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

class SiwePropertiesTest {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALNUM = LOWER + LOWER.toUpperCase() + "0123456789";
    private static final String STATEMENT_CHARS = ALNUM + "-._~:/?#[]@!$&'()*+,;= ";
    private static final String PCHARS = ALNUM + "-._~!$&'()*+,;=:@";
    private static final DateTimeFormatter MILLIS_Z = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    @Test
    void messagesRoundTripThroughTheirText() {
        SeededCases.forAll(1000, random -> {
            SiweMessage message = message(random);
            String text = message.toMessage();
            SiweMessage parsed = SiweMessage.parse(text);

            assertThat(parsed).isEqualTo(message);
            assertThat(parsed.toMessage()).isEqualTo(text);
            assertThat(parsed.requireStrictNonce()).isSameAs(parsed);
        });
    }

    @Test
    void signaturesByTheMessageAddressVerify() {
        SeededCases.forAll(200, random -> {
            SigningKey key = key(random);
            SigningKey stranger = key(random);
            SiweMessage template = message(random);
            SiweMessage message = withAddress(template, key.address());
            String text = message.toMessage();
            Signature signature = key.sign(Eip191.personalMessageHash(text));

            assertThat(signature.isLowS()).isTrue();
            assertThat(SiweVerifier.requireSignedBy(text, key.address(), signature.toRsvHex()))
                    .isEqualTo(signature);
            assertThat(SiweVerifier.requireSignedBy(text, key.address(), signature.toCompactHex()))
                    .isEqualTo(signature);
            SiweVerification verified = SiweVerifier.verify(text, signature.toRsvHex(), message.issuedAtInstant());
            if (message.expirationTimeInstant()
                            .map(e -> !e.isAfter(message.issuedAtInstant()))
                            .orElse(false)
                    || message.notBeforeInstant()
                            .map(nb -> nb.isAfter(message.issuedAtInstant()))
                            .orElse(false)) {
                assertThat(verified).isInstanceOf(SiweVerification.Rejected.class);
            } else {
                assertThat(verified).isEqualTo(new SiweVerification.Verified(message, signature));
            }
            if (!stranger.address().equals(key.address())) {
                assertThatThrownBy(() -> SiweVerifier.requireSignedBy(text, stranger.address(), signature.toRsvHex()))
                        .isInstanceOf(SiweException.class);
            }
        });
    }

    private static SiweMessage withAddress(SiweMessage m, Address address) {
        return new SiweMessage(
                m.scheme(),
                m.domain(),
                address,
                m.statement(),
                m.uri(),
                m.chainId(),
                m.nonce(),
                m.issuedAt(),
                m.expirationTime(),
                m.notBefore(),
                m.requestId(),
                m.resources());
    }

    private static SigningKey key(Random random) {
        BigInteger n = Sign.CURVE_PARAMS.getN();
        BigInteger secret = Gen.between(random, BigInteger.ONE, n.subtract(BigInteger.ONE));
        return SigningKey.fromHex(new Uint256(secret).toHex32());
    }

    private static SiweMessage message(Random random) {
        String scheme = Gen.orNull(random, 0.5, () -> Gen.oneOf(random, "https", "http", "wc+app"));
        String domain = domain(random);
        Address address = Gen.address(random);
        String statement = Gen.orNull(random, 0.3, () -> Gen.string(random, STATEMENT_CHARS, 1, 80));
        String path = Gen.string(random, LOWER + "/", 0, 20);
        ChainId chainId = ChainId.of(Gen.between(random, 1, Long.MAX_VALUE));
        String nonce = Gen.string(random, ALNUM, 8, 40);
        String issuedAt = timestamp(random);
        String expirationTime = Gen.orNull(random, 0.5, () -> timestamp(random));
        String notBefore = Gen.orNull(random, 0.5, () -> timestamp(random));
        String requestId = Gen.orNull(random, 0.5, () -> Gen.string(random, PCHARS, 0, 20));
        List<String> resources = Gen.orNull(
                random,
                0.5,
                () -> Gen.list(
                        random,
                        0,
                        4,
                        () -> Gen.oneOf(
                                random,
                                "https://a.example/x",
                                "ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
                                "urn:uuid:d6e1c0c4-3d78-4daa-9e57-5485b7c8c6c3",
                                "did:pkh:eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")));
        return new SiweMessage(
                scheme,
                domain,
                address,
                statement,
                (scheme == null ? "https" : scheme) + "://" + domain + "/" + path,
                chainId,
                nonce,
                issuedAt,
                expirationTime,
                notBefore,
                requestId,
                resources);
    }

    private static String domain(Random random) {
        String host = String.join(".", Gen.list(random, 1, 3, () -> Gen.string(random, LOWER + "0123456789-", 1, 12)));
        Integer port = Gen.orNull(random, 0.7, () -> Gen.intBetween(random, 1, 65535));
        return port == null ? host : host + ":" + port;
    }

    /** RFC 3339 in the shapes clients send: JavaScript's toISOString, java.time's, and offsets. */
    private static String timestamp(Random random) {
        Instant instant =
                Instant.ofEpochSecond(Gen.between(random, 0, 4_102_444_800L), Gen.intBetween(random, 0, 999_999_999));
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(Gen.intBetween(random, -48, 56) * 900);
        return switch (Gen.intBetween(random, 0, 2)) {
            case 0 -> MILLIS_Z.format(instant.atOffset(ZoneOffset.UTC));
            case 1 -> DateTimeFormatter.ISO_INSTANT.format(instant);
            default -> WITH_OFFSET.format(OffsetDateTime.ofInstant(instant, offset));
        };
    }
}

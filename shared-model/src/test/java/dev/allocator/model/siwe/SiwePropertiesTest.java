package dev.allocator.model.siwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.web3j.crypto.Sign;

class SiwePropertiesTest {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALNUM = LOWER + LOWER.toUpperCase() + "0123456789";
    private static final String STATEMENT_CHARS = ALNUM + "-._~:/?#[]@!$&'()*+,;= ";
    private static final String PCHARS = ALNUM + "-._~!$&'()*+,;=:@";
    private static final DateTimeFormatter MILLIS_Z = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private record Required(
            String scheme,
            String domain,
            Address address,
            String statement,
            String path,
            ChainId chainId,
            String nonce,
            String issuedAt) {}

    private record Optionals(String expirationTime, String notBefore, String requestId, List<String> resources) {}

    @Property
    void messagesRoundTripThroughTheirText(@ForAll("messages") SiweMessage message) {
        String text = message.toMessage();
        SiweMessage parsed = SiweMessage.parse(text);

        assertThat(parsed).isEqualTo(message);
        assertThat(parsed.toMessage()).isEqualTo(text);
        assertThat(parsed.requireStrictNonce()).isSameAs(parsed);
    }

    @Property(tries = 200)
    void signaturesByTheMessageAddressVerify(
            @ForAll("keys") SigningKey key,
            @ForAll("keys") SigningKey stranger,
            @ForAll("messages") SiweMessage template) {
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

    @Provide
    Arbitrary<SigningKey> keys() {
        BigInteger n = Sign.CURVE_PARAMS.getN();
        return Arbitraries.bigIntegers()
                .between(BigInteger.ONE, n.subtract(BigInteger.ONE))
                .map(secret -> SigningKey.fromHex(new Uint256(secret).toHex32()));
    }

    @Provide
    Arbitrary<SiweMessage> messages() {
        Arbitrary<Required> required = Combinators.combine(
                        Arbitraries.of("https", "http", "wc+app").injectNull(0.5),
                        domains(),
                        Arbitraries.bytes().array(byte[].class).ofSize(20).map(Address::ofBytes),
                        Arbitraries.strings()
                                .withChars(STATEMENT_CHARS)
                                .ofMinLength(1)
                                .ofMaxLength(80)
                                .injectNull(0.3),
                        Arbitraries.strings().withChars(LOWER + "/").ofMaxLength(20),
                        Arbitraries.longs().between(1, Long.MAX_VALUE).map(ChainId::of),
                        Arbitraries.strings().withChars(ALNUM).ofMinLength(8).ofMaxLength(40),
                        timestamps())
                .as(Required::new);
        Arbitrary<Optionals> optionals = Combinators.combine(
                        timestamps().injectNull(0.5),
                        timestamps().injectNull(0.5),
                        Arbitraries.strings().withChars(PCHARS).ofMaxLength(20).injectNull(0.5),
                        Arbitraries.of(
                                        "https://a.example/x",
                                        "ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
                                        "urn:uuid:d6e1c0c4-3d78-4daa-9e57-5485b7c8c6c3",
                                        "did:pkh:eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
                                .list()
                                .ofMaxSize(4)
                                .injectNull(0.5))
                .as(Optionals::new);
        return Combinators.combine(required, optionals)
                .as((r, o) -> new SiweMessage(
                        r.scheme(),
                        r.domain(),
                        r.address(),
                        r.statement(),
                        (r.scheme() == null ? "https" : r.scheme()) + "://" + r.domain() + "/" + r.path(),
                        r.chainId(),
                        r.nonce(),
                        r.issuedAt(),
                        o.expirationTime(),
                        o.notBefore(),
                        o.requestId(),
                        o.resources()));
    }

    private static Arbitrary<String> domains() {
        Arbitrary<String> hosts = Arbitraries.strings()
                .withChars(LOWER + "0123456789-")
                .ofMinLength(1)
                .ofMaxLength(12)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(labels -> String.join(".", labels));
        return Combinators.combine(
                        hosts, Arbitraries.integers().between(1, 65535).injectNull(0.7))
                .as((host, port) -> port == null ? host : host + ":" + port);
    }

    /** RFC 3339 in the shapes clients send: JavaScript's toISOString, java.time's, and offsets. */
    private static Arbitrary<String> timestamps() {
        Arbitrary<Instant> instants = Combinators.combine(
                        Arbitraries.longs().between(0, 4_102_444_800L),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        Arbitrary<ZoneOffset> offsets =
                Arbitraries.integers().between(-48, 56).map(quarters -> ZoneOffset.ofTotalSeconds(quarters * 900));
        return Combinators.combine(instants, offsets, Arbitraries.integers().between(0, 2))
                .as((instant, offset, shape) -> switch (shape) {
                    case 0 -> MILLIS_Z.format(instant.atOffset(ZoneOffset.UTC));
                    case 1 -> DateTimeFormatter.ISO_INSTANT.format(instant);
                    default -> WITH_OFFSET.format(OffsetDateTime.ofInstant(instant, offset));
                });
    }
}

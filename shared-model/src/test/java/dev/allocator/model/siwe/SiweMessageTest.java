package dev.allocator.model.siwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.testing.Vectors;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class SiweMessageTest {
    static final JsonNode VECTOR = Vectors.load("siwe.json");
    static final String VECTOR_TEXT = VECTOR.get("message").asString();

    static SiweMessage vectorMessage() {
        JsonNode p = VECTOR.get("payload");
        assertThat(p.get("version").asString()).isEqualTo(SiweMessage.VERSION);
        return SiweMessage.builder(
                        p.get("domain").asString(),
                        Address.of(p.get("address").asString()),
                        p.get("uri").asString(),
                        ChainId.of(p.get("chainId").asLong()),
                        p.get("nonce").asString(),
                        p.get("issuedAt").asString())
                .statement(p.get("statement").asString())
                .expirationTime(p.get("expirationTime").asString())
                .build();
    }

    @Test
    void formatsTheVectorPayloadByteForByte() {
        String text = vectorMessage().toMessage();

        assertThat(text).isEqualTo(VECTOR_TEXT);
        assertThat(text.getBytes(StandardCharsets.UTF_8))
                .hasSize(VECTOR.get("messageBytes").asInt());
    }

    @Test
    void parsesTheVectorMessageIntoItsPayload() {
        SiweMessage parsed = SiweMessage.parse(VECTOR_TEXT);

        assertThat(parsed).isEqualTo(vectorMessage());
        assertThat(parsed.scheme()).isNull();
        assertThat(parsed.version()).isEqualTo("1");
        assertThat(parsed.issuedAt()).isEqualTo("2024-03-07T12:00:00.000Z");
        assertThat(parsed.issuedAtInstant()).isEqualTo(Instant.parse("2024-03-07T12:00:00Z"));
        assertThat(parsed.expirationTimeInstant()).contains(Instant.parse("2024-03-07T13:00:00Z"));
        assertThat(parsed.notBeforeInstant()).isEmpty();
        assertThat(parsed.toMessage()).isEqualTo(VECTOR_TEXT);
    }

    @Test
    void vectorNonceParsesButFailsStrictEip4361Validation() {
        SiweMessage parsed = SiweMessage.parse(VECTOR_TEXT);

        assertThatThrownBy(parsed::requireStrictNonce)
                .isInstanceOf(SiweException.class)
                .hasMessage("invalid Nonce: EIP-4361 requires at least 8 alphanumeric characters");
    }

    @Test
    void strictNonceNeedsEightAlphanumerics() {
        SiweMessage base = vectorMessage();
        assertThat(withNonce(base, "abc12345").requireStrictNonce()).isNotNull();
        assertThat(withNonce(base, "d6e1c0c43d784daa9e575485b7c8c6c3").requireStrictNonce())
                .isNotNull();
        assertThatThrownBy(() -> withNonce(base, "abc1234").requireStrictNonce())
                .isInstanceOf(SiweException.class);
        assertThatThrownBy(() -> withNonce(base, "abc_12345").requireStrictNonce())
                .isInstanceOf(SiweException.class);
    }

    private static SiweMessage withNonce(SiweMessage m, String nonce) {
        return new SiweMessage(
                m.scheme(),
                m.domain(),
                m.address(),
                m.statement(),
                m.uri(),
                m.chainId(),
                nonce,
                m.issuedAt(),
                m.expirationTime(),
                m.notBefore(),
                m.requestId(),
                m.resources());
    }

    @Test
    void fullGrammarWithSchemeAndNoStatementRoundTrips() {
        SiweMessage message = SiweMessage.builder(
                        "app.example:8443",
                        Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
                        "https://app.example:8443/login",
                        ChainId.of(8453),
                        "Xk3h9Qz7Lp2Ww4Rt",
                        "2024-03-07T12:00:00+01:00")
                .scheme("https")
                .expirationTime("2024-03-07T13:00:00.5Z")
                .notBefore("2024-03-07T11:30:00Z")
                .requestId("req-42:a%20b")
                .resources(List.of(
                        "ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
                        "https://example.com/claim.json"))
                .build();
        String expected = "https://app.example:8443 wants you to sign in with your Ethereum account:\n"
                + "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n"
                + "\n"
                + "\n"
                + "URI: https://app.example:8443/login\n"
                + "Version: 1\n"
                + "Chain ID: 8453\n"
                + "Nonce: Xk3h9Qz7Lp2Ww4Rt\n"
                + "Issued At: 2024-03-07T12:00:00+01:00\n"
                + "Expiration Time: 2024-03-07T13:00:00.5Z\n"
                + "Not Before: 2024-03-07T11:30:00Z\n"
                + "Request ID: req-42:a%20b\n"
                + "Resources:\n"
                + "- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n"
                + "- https://example.com/claim.json";

        assertThat(message.toMessage()).isEqualTo(expected);
        SiweMessage parsed = SiweMessage.parse(expected);
        assertThat(parsed).isEqualTo(message);
        assertThat(parsed.scheme()).isEqualTo("https");
        assertThat(parsed.domain()).isEqualTo("app.example:8443");
        assertThat(parsed.statement()).isNull();
        assertThat(parsed.issuedAtInstant()).isEqualTo(Instant.parse("2024-03-07T11:00:00Z"));
        assertThat(parsed.expirationTimeInstant()).contains(Instant.parse("2024-03-07T13:00:00.500Z"));
        assertThat(parsed.notBeforeInstant()).contains(Instant.parse("2024-03-07T11:30:00Z"));
        assertThat(parsed.requireStrictNonce()).isSameAs(parsed);
    }

    @Test
    void emptyRequestIdAndEmptyResourcesAreKeptApartFromAbsentOnes() {
        String text = VECTOR_TEXT + "\nRequest ID: \nResources:";
        SiweMessage parsed = SiweMessage.parse(text);

        assertThat(parsed.requestId()).isEmpty();
        assertThat(parsed.resources()).isEmpty();
        assertThat(parsed.toMessage()).isEqualTo(text);
        assertThat(SiweMessage.parse(VECTOR_TEXT).resources()).isNull();
    }

    @Test
    void acceptsRfc3339Variants() {
        for (String time : List.of(
                "2024-03-07T12:00:00Z",
                "2024-03-07t12:00:00z",
                "2024-03-07T12:00:00.123456789Z",
                "2024-03-07T13:00:00+01:00",
                "2024-03-07T12:00:00-00:00")) {
            String text = VECTOR_TEXT.replace("Issued At: 2024-03-07T12:00:00.000Z", "Issued At: " + time);
            SiweMessage parsed = SiweMessage.parse(text);
            assertThat(parsed.issuedAt()).isEqualTo(time);
            assertThat(parsed.issuedAtInstant().getEpochSecond())
                    .isEqualTo(Instant.parse("2024-03-07T12:00:00Z").getEpochSecond());
            assertThat(parsed.toMessage()).isEqualTo(text);
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("empty message", t -> "", "empty message"),
                bad("CRLF line endings", t -> t.replace("\n", "\r\n"), "not CRLF"),
                bad(
                        "missing header",
                        t -> t.replace(" wants you to sign in with your Ethereum account:", ""),
                        "missing header line"),
                bad("header only", t -> t.substring(0, t.indexOf('\n')), "missing address line"),
                bad(
                        "lowercase address",
                        t -> t.replace(
                                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                                "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
                        "invalid address: must be EIP-55 checksummed"),
                bad(
                        "wrong checksum",
                        t -> t.replace(
                                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                                "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
                        "invalid address: address has an invalid EIP-55 checksum"),
                bad(
                        "short address",
                        t -> t.replace(
                                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb922"),
                        "invalid address: must be 0x followed by 40 hex digits"),
                bad(
                        "no blank line after address",
                        t -> t.replace("92266\n\n", "92266\n"),
                        "expected a blank line after the address"),
                bad(
                        "no blank line after statement",
                        t -> t.replace("Smallocator\n\n", "Smallocator\n"),
                        "expected a blank line after the statement"),
                bad(
                        "single blank line without statement",
                        t -> t.replace("Sign in to Smallocator\n\n", ""),
                        "expected a second blank line before the URI line"),
                bad(
                        "statement with a quote",
                        t -> t.replace("Sign in to Smallocator", "Sign in to \"Smallocator\""),
                        "invalid statement"),
                bad("missing URI line", t -> t.replace("URI: https://smallocator.example\n", ""), "missing URI line"),
                bad(
                        "URI not absolute",
                        t -> t.replace("URI: https://smallocator.example", "URI: smallocator.example"),
                        "invalid URI"),
                bad(
                        "URI with a space",
                        t -> t.replace("URI: https://smallocator.example", "URI: https://small ocator.example"),
                        "invalid URI"),
                bad("missing Version line", t -> t.replace("Version: 1\n", ""), "missing Version line"),
                bad("bad version", t -> t.replace("Version: 1", "Version: 2"), "invalid Version: must be 1"),
                bad("chain id zero", t -> t.replace("Chain ID: 1", "Chain ID: 0"), "invalid Chain ID"),
                bad("chain id leading zero", t -> t.replace("Chain ID: 1", "Chain ID: 01"), "invalid Chain ID"),
                bad("chain id hex", t -> t.replace("Chain ID: 1", "Chain ID: 0x1"), "invalid Chain ID"),
                bad(
                        "chain id too large",
                        t -> t.replace("Chain ID: 1", "Chain ID: 99999999999999999999"),
                        "invalid Chain ID: too large"),
                bad("missing Chain ID line", t -> t.replace("Chain ID: 1\n", ""), "missing Chain ID line"),
                bad(
                        "empty nonce",
                        t -> t.replace("Nonce: d6e1c0c4-3d78-4daa-9e57-5485b7c8c6c3", "Nonce: "),
                        "invalid Nonce"),
                bad("nonce with a space", t -> t.replace("Nonce: d6e1c0c4", "Nonce: d6e1 c0c4"), "invalid Nonce"),
                bad(
                        "missing Nonce line",
                        t -> t.replace("Nonce: d6e1c0c4-3d78-4daa-9e57-5485b7c8c6c3\n", ""),
                        "missing Nonce line"),
                bad(
                        "missing Issued At line",
                        t -> t.replace("Issued At: 2024-03-07T12:00:00.000Z\n", ""),
                        "missing Issued At line"),
                bad(
                        "issued at not a date",
                        t -> t.replace("Issued At: 2024-03-07T12:00:00.000Z", "Issued At: yesterday"),
                        "invalid Issued At: must be an RFC 3339 date-time"),
                bad(
                        "issued at without offset",
                        t -> t.replace("Issued At: 2024-03-07T12:00:00.000Z", "Issued At: 2024-03-07T12:00:00"),
                        "invalid Issued At"),
                bad(
                        "issued at not on the calendar",
                        t -> t.replace("Issued At: 2024-03-07", "Issued At: 2024-02-30"),
                        "invalid Issued At: not a calendar date and time"),
                bad(
                        "issued at hour 24",
                        t -> t.replace("Issued At: 2024-03-07T12", "Issued At: 2024-03-07T24"),
                        "invalid Issued At"),
                bad(
                        "expiration with a space",
                        t -> t.replace("Expiration Time: 2024-03-07T13", "Expiration Time: 2024-03-07 13"),
                        "invalid Expiration Time"),
                bad("bad not before", t -> t + "\nNot Before: 2024-13-01T00:00:00Z", "invalid Not Before"),
                bad("bad request id", t -> t + "\nRequest ID: a b", "invalid Request ID"),
                bad("bad resource", t -> t + "\nResources:\n- not a uri", "invalid resource"),
                bad("unknown line", t -> t + "\nFoo: bar", "unexpected line 'Foo: bar'"),
                bad("trailing newline", t -> t + "\n", "unexpected blank line or trailing newline"),
                bad(
                        "fields out of order",
                        t -> t.replace(
                                "Expiration Time: 2024-03-07T13:00:00.000Z",
                                "Not Before: 2024-03-07T11:00:00Z\nExpiration Time: 2024-03-07T13:00:00.000Z"),
                        "unexpected line 'Expiration Time: 2024-03-07T13:00:00.000Z'"),
                bad(
                        "duplicate field",
                        t -> t.replace(
                                "Nonce: d6e1c0c4-3d78-4daa-9e57-5485b7c8c6c3",
                                "Nonce: d6e1c0c4-3d78-4daa-9e57-5485b7c8c6c3\nNonce: again1234"),
                        "missing Issued At line, found 'Nonce: again1234'"),
                bad("lowercase tag", t -> t.replace("Version: 1", "version: 1"), "missing Version line"),
                bad(
                        "resource item after another field",
                        t -> t + "\nResources:\n- https://a.example\nRequest ID: 1",
                        "unexpected line 'Request ID: 1'"),
                bad("bad scheme", t -> "1http://" + t, "invalid scheme"),
                bad(
                        "path in domain",
                        t -> t.replaceFirst("smallocator.example", "smallocator.example/login"),
                        "invalid domain"),
                bad(
                        "bare percent in domain",
                        t -> t.replaceFirst("smallocator.example", "small%ocator.example"),
                        "invalid domain"),
                bad("empty domain", t -> t.replaceFirst("smallocator.example", ""), "invalid domain"),
                bad(
                        "oversized",
                        t -> t + "\nResources:" + "\n- https://a.example".repeat(2000),
                        "message longer than"));
    }

    private static Arguments bad(String name, UnaryOperator<String> mutation, String reason) {
        return Arguments.of(name, mutation.apply(VECTOR_TEXT), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedMessagesWithAReason(String name, String text, String reason) {
        assertThatThrownBy(() -> SiweMessage.parse(text))
                .isInstanceOf(SiweException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void reasonsQuoteABoundedEscapedExcerptOfTheInput() {
        String text = VECTOR_TEXT + "\n" + "\u0007x".repeat(100);

        assertThatThrownBy(() -> SiweMessage.parse(text))
                .hasMessage("unexpected line '" + "\\u0007x".repeat(32) + "...'");
    }

    @Test
    void constructorRejectsWhatTheTextCouldNotCarry() {
        SiweMessage.Builder builder = SiweMessage.builder(
                "a.example", Address.ZERO, "https://a.example", ChainId.of(1), "abcdefgh", "2024-03-07T12:00:00Z");
        assertThat(builder.build().toMessage()).contains("\n0x0000000000000000000000000000000000000000\n");
        assertThatThrownBy(() -> builder.statement("two\nlines").build()).hasMessageContaining("invalid statement");
        assertThatThrownBy(() -> builder.statement("").build()).hasMessageContaining("invalid statement");
        builder.statement(null);
        assertThatThrownBy(() -> builder.resources(java.util.Arrays.asList("https://a.example", null))
                        .build())
                .hasMessageContaining("invalid resource");
        builder.resources(null);
        assertThatThrownBy(() -> builder.requestId("a\nb").build()).hasMessageContaining("invalid Request ID");
        assertThatThrownBy(() -> SiweMessage.builder(
                                "a.example",
                                null,
                                "https://a.example",
                                ChainId.of(1),
                                "abcdefgh",
                                "2024-03-07T12:00:00Z")
                        .build())
                .hasMessage("missing address");
    }

    @Test
    void timeWindowIsCheckedAgainstTheGivenInstant() {
        SiweMessage message = SiweMessage.parse(VECTOR_TEXT + "\nNot Before: 2024-03-07T12:10:00Z");

        assertThatThrownBy(() -> message.requireValidAt(Instant.parse("2024-03-07T11:59:59.999Z")))
                .hasMessage("message is issued in the future (Issued At 2024-03-07T12:00:00.000Z)");
        assertThatThrownBy(() -> message.requireValidAt(Instant.parse("2024-03-07T12:09:59Z")))
                .hasMessage("message is not yet valid (Not Before 2024-03-07T12:10:00Z)");
        assertThat(message.requireValidAt(Instant.parse("2024-03-07T12:10:00Z")))
                .isSameAs(message);
        assertThat(message.requireValidAt(Instant.parse("2024-03-07T12:59:59.999Z")))
                .isSameAs(message);
        assertThatThrownBy(() -> message.requireValidAt(Instant.parse("2024-03-07T13:00:00Z")))
                .hasMessage("message has expired (Expiration Time 2024-03-07T13:00:00.000Z)");
    }

    @Test
    void withoutExpiryOrNotBeforeOnlyIssuedAtBoundsTheWindow() {
        SiweMessage message = SiweMessage.builder(
                        "a.example",
                        Address.ZERO,
                        "https://a.example",
                        ChainId.of(1),
                        "abcdefgh",
                        "2024-03-07T12:00:00Z")
                .build();

        assertThat(message.requireValidAt(Instant.parse("2024-03-07T12:00:00Z")))
                .isSameAs(message);
        assertThat(message.requireValidAt(Instant.parse("2999-01-01T00:00:00Z")))
                .isSameAs(message);
    }
}

package dev.allocator.model.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Address SPONSOR = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final Instant ISSUED = Instant.parse("2024-11-25T07:00:00Z");
    private static final SessionToken SESSION =
            new SessionToken("5f0c9a7e-0d8b-4c55-9e8a-3b9f6f3b2a10", SPONSOR, ISSUED, ISSUED.plusSeconds(604_800));

    private final SessionTokens tokens = new SessionTokens(KEY);

    @Test
    void verifiesWhatItIssued() {
        String token = tokens.issue(SESSION);

        assertThat(tokens.verify(token, ISSUED.plusSeconds(60))).contains(SESSION);
    }

    @Test
    void writesTheAgreedClaims() {
        String token = tokens.issue(SESSION);
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);

        assertThat(claims)
                .contains("\"sid\":\"5f0c9a7e-0d8b-4c55-9e8a-3b9f6f3b2a10\"")
                .contains("\"sub\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\"")
                .contains("\"iat\":1732518000")
                .contains("\"exp\":1733122800");
    }

    @Test
    void rejectsAnExpiredToken() {
        String token = tokens.issue(SESSION);

        assertThat(tokens.verify(token, SESSION.expiresAt())).isEmpty();
        assertThat(tokens.verify(token, SESSION.expiresAt().minusSeconds(1))).isPresent();
    }

    @Test
    void rejectsATokenSignedWithAnotherKey() {
        String token = new SessionTokens("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII))
                .issue(SESSION);

        assertThat(tokens.verify(token, ISSUED)).isEmpty();
    }

    @Test
    void rejectsATamperedToken() {
        String[] parts = tokens.issue(SESSION).split("\\.");
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"sid\":\"x\",\"sub\":\"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc\","
                                + "\"iat\":1732518000,\"exp\":1733122800}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(parts[0] + "." + forged + "." + parts[2], ISSUED))
                .isEmpty();
    }

    @Test
    void rejectsAnUnsignedToken() {
        String[] parts = tokens.issue(SESSION).split("\\.");
        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(none + "." + parts[1] + ".", ISSUED)).isEmpty();
    }

    @Test
    void rejectsGarbage() {
        assertThat(tokens.verify("not a token", ISSUED)).isEmpty();
        assertThat(tokens.verify("", ISSUED)).isEmpty();
        assertThat(tokens.verify(null, ISSUED)).isEmpty();
        assertThat(tokens.verify("a.b.c", ISSUED)).isEmpty();
    }

    @Test
    void refusesAShortKey() {
        assertThatThrownBy(() -> new SessionTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    /** A token as anyone holding {@code secret} could write it, with any header. */
    private static String signed(JWSHeader header, byte[] secret, SessionToken session) throws Exception {
        SignedJWT jwt = new SignedJWT(
                header,
                new JWTClaimsSet.Builder()
                        .claim("sid", session.sessionId())
                        .subject(session.sponsor().lowercase())
                        .issueTime(Date.from(session.issuedAt()))
                        .expirationTime(Date.from(session.expiresAt()))
                        .build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @Nested
    class KeyRotation {
        private static final SessionTokens.Key OLD =
                new SessionTokens.Key("2025-01", "the old key, thirty-two bytes ok");
        private static final SessionTokens.Key NEW =
                new SessionTokens.Key("2025-07", "the new key, thirty-two bytes ok");

        @Test
        void namesTheSigningKeyInTheHeader() {
            assertThat(header(tokens.issue(SESSION))).contains("\"kid\":\"default\"");
            assertThat(header(new SessionTokens(List.of(OLD, NEW), "2025-07").issue(SESSION)))
                    .contains("\"kid\":\"2025-07\"");
        }

        @Test
        void acceptsOldTokensDuringTheOverlapAndSignsNewOnesWithTheNewKey() {
            String before = new SessionTokens(List.of(OLD), "2025-01").issue(SESSION);
            SessionTokens overlap = new SessionTokens(List.of(OLD, NEW), "2025-07");
            SessionTokens onlyNew = new SessionTokens(List.of(NEW), "2025-07");

            String after = overlap.issue(SESSION);

            assertThat(overlap.verify(before, ISSUED)).contains(SESSION);
            assertThat(overlap.verify(after, ISSUED)).contains(SESSION);
            assertThat(onlyNew.verify(after, ISSUED)).contains(SESSION);
            assertThat(onlyNew.verify(before, ISSUED)).as("the old key removed").isEmpty();
            assertThat(new SessionTokens(List.of(OLD), null).verify(after, ISSUED))
                    .as("a service not yet told about the new key")
                    .isEmpty();
        }

        @Test
        void verifiesATokenWithoutKidWithTheDefaultKeyOnly() throws Exception {
            String legacy = signed(new JWSHeader(JWSAlgorithm.HS256), KEY, SESSION);
            String legacyUnderOtherKey = signed(new JWSHeader(JWSAlgorithm.HS256), OLD.secret(), SESSION);
            SessionTokens configured = new SessionTokens(
                    SessionTokens.keys(new String(KEY, StandardCharsets.US_ASCII), List.of(OLD)), "2025-01");

            assertThat(configured.verify(legacy, ISSUED)).contains(SESSION);
            assertThat(configured.verify(legacyUnderOtherKey, ISSUED)).isEmpty();
            assertThat(new SessionTokens(List.of(OLD), "2025-01").verify(legacy, ISSUED))
                    .as("no default key configured")
                    .isEmpty();
        }

        @Test
        void rejectsAnUnknownKid() throws Exception {
            String ghost = signed(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("ghost").build(), KEY, SESSION);

            assertThat(tokens.verify(ghost, ISSUED)).isEmpty();
        }

        @Test
        void rejectsATokenWhoseKidNamesAnotherKeyThanTheOneThatSignedIt() throws Exception {
            SessionTokens ring = new SessionTokens(List.of(OLD, NEW), "2025-07");
            String swapped = signed(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("2025-07").build(), OLD.secret(), SESSION);

            assertThat(ring.verify(swapped, ISSUED)).isEmpty();
        }

        @Test
        void rejectsAnotherHmacAlgorithmUnderAKnownKey() throws Exception {
            byte[] longKey = "0123456789abcdef".repeat(4).getBytes(StandardCharsets.US_ASCII);
            SessionTokens ring = new SessionTokens(List.of(new SessionTokens.Key("long", longKey)), "long");
            String hs512 = signed(
                    new JWSHeader.Builder(JWSAlgorithm.HS512).keyID("long").build(), longKey, SESSION);
            String hs384 = signed(
                    new JWSHeader.Builder(JWSAlgorithm.HS384).keyID("long").build(), longKey, SESSION);

            assertThat(ring.verify(ring.issue(SESSION), ISSUED)).contains(SESSION);
            assertThat(ring.verify(hs512, ISSUED)).isEmpty();
            assertThat(ring.verify(hs384, ISSUED)).isEmpty();
        }

        @Test
        void rejectsAnUnsignedTokenNamingAKnownKey() {
            String[] parts = tokens.issue(SESSION).split("\\.");
            String none = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"kid\":\"default\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(tokens.verify(none + "." + parts[1] + ".", ISSUED)).isEmpty();
            assertThat(tokens.verify(none + "." + parts[1] + "." + parts[2], ISSUED))
                    .isEmpty();
        }

        @Test
        void aVerifierThatNeverIssuesRefusesToIssue() {
            SessionTokens verifier = new SessionTokens(List.of(OLD, NEW), null);

            assertThatThrownBy(() -> verifier.issue(SESSION)).isInstanceOf(IllegalStateException.class);
            assertThat(verifier.keyIds()).containsExactly("2025-01", "2025-07");
        }

        @Test
        void refusesAConfigurationItCannotServe() {
            assertThatThrownBy(() -> new SessionTokens(List.of(), null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SessionTokens(List.of(OLD, OLD), "2025-01"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("twice");
            assertThatThrownBy(() -> new SessionTokens(List.of(OLD), "2025-07"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names no listed key");
            assertThatThrownBy(() -> new SessionTokens.Key("bad id", KEY)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SessionTokens.Key("short", new byte[31]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(OLD.toString()).doesNotContain("thirty-two");
        }
    }
}

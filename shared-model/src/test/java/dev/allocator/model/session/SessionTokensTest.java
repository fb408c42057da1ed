package dev.allocator.model.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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
}

package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.LockId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A signing-key rotation in the middle of its overlap: one instance still signs with the old key
 * ({@code token-secret}, key id "default"), the other already verifies with both and signs with the
 * new one. Tokens of the old key keep working everywhere; the new key's tokens work wherever the
 * new key is known, which is why every verifier learns it before any instance signs with it.
 */
@ExtendWith(KafkaBroker.class)
class SessionKeyRotationIT {
    private static final String NEW_KEY_ID = "2026-07";

    static CommandStack stack;
    static CommandInstance rotated;
    static String old;
    static String overlap;

    final Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));

    @BeforeAll
    static void start() {
        stack = CommandStack.start("rotation", 1);
        Map<String, Object> settings = CommandInstance.settings(
                KafkaBroker.bootstrapServers(), stack.indexer().url().toString(), "rotation");
        settings.put("allocator.session.token-keys[0].id", NEW_KEY_ID);
        settings.put("allocator.session.token-keys[0].secret", "the-new-token-key-0123456789abcdef0123456789");
        settings.put("allocator.session.signing-key-id", NEW_KEY_ID);
        rotated = CommandInstance.start(settings);
        old = stack.api();
        overlap = rotated.baseUrl();
    }

    @AfterAll
    static void stop() {
        if (rotated != null) {
            rotated.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static String kid(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return Http.JSON.readTree(header).path("kid").asString();
    }

    static Http.Response refresh(String api, String token) {
        return Http.send(
                HttpRequest.newBuilder(URI.create(api + "/session/refresh")).POST(HttpRequest.BodyPublishers.noBody()),
                Map.of("x-session-id", token));
    }

    Http.Response allocate(String api, String token, LockId lock) {
        return Http.post(
                api + "/compact",
                CompactRequests.body(
                        wallet.address(),
                        null,
                        Instant.now().getEpochSecond() + 3600,
                        lock,
                        "1",
                        CommandInstance.CHAIN),
                Map.of("x-session-id", token));
    }

    @Test
    void acceptsTheOldKeysTokensDuringTheOverlapAndSignsNewOnesWithTheNewKey() {
        LockId lock = stack.fund(wallet.address(), 1, "10");
        String before = wallet.signIn(old, CommandInstance.CHAIN);
        assertThat(kid(before)).isEqualTo("default");

        Http.Response signedByOverlap = allocate(overlap, before, lock);
        assertThat(signedByOverlap.status()).as(signedByOverlap.raw()).isEqualTo(200);

        Http.Response refreshed = refresh(overlap, before);
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        String after = refreshed.body().get("session").get("id").asString();
        assertThat(kid(after)).isEqualTo(NEW_KEY_ID);
        Http.Response withNewKey = allocate(overlap, after, lock);
        assertThat(withNewKey.status()).as(withNewKey.raw()).isEqualTo(200);

        Http.Response notYetKnown = allocate(old, after, lock);
        assertThat(notYetKnown.status())
                .as("an instance not yet given the new key: " + notYetKnown.raw())
                .isEqualTo(401);
        String fresh = wallet.signIn(overlap, CommandInstance.CHAIN);
        assertThat(kid(fresh)).isEqualTo(NEW_KEY_ID);
    }
}

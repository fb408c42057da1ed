package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.model.value.LockId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Refresh and sign-out across two instances: each decision is the sponsor processor's, so a token
 * refreshed away or signed out on one instance is refused on the other at once.
 */
@ExtendWith(KafkaBroker.class)
class SessionRefreshIT {
    private static final AtomicInteger TOKENS = new AtomicInteger();
    private static final SessionTokens VERIFY =
            new SessionTokens(CommandInstance.TOKEN_SECRET.getBytes(StandardCharsets.UTF_8));

    static CommandStack stack;
    static String first;
    static String second;

    final Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));

    @BeforeAll
    static void start() {
        stack = CommandStack.start("refresh", 2);
        first = stack.instances().get(0).baseUrl();
        second = stack.instances().get(1).baseUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** As a client would send it: no body, no content type. */
    static Http.Response refresh(String api, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api + "/session/refresh")).POST(HttpRequest.BodyPublishers.noBody());
        return Http.send(request, token == null ? Map.of() : Map.of("x-session-id", token));
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

    static void assertInvalidSession(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("Invalid session");
    }

    @Test
    void aRefreshedTokenIsRefusedByEveryInstanceAndTheNewOneServes() {
        LockId lock = stack.fund(wallet.address(), TOKENS.incrementAndGet(), "10");
        String old = wallet.signIn(first, CommandInstance.CHAIN);
        SessionToken before = VERIFY.verify(old, Instant.now()).orElseThrow();

        Http.Response refreshed = refresh(first, old);

        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        JsonNode session = refreshed.body().get("session");
        String fresh = session.get("id").asString();
        SessionToken after = VERIFY.verify(fresh, Instant.now()).orElseThrow();
        assertThat(after.sessionId()).isNotEqualTo(before.sessionId());
        assertThat(after.sponsor()).isEqualTo(wallet.address());
        assertThat(session.get("address").asString()).isEqualTo(wallet.address().checksummed());
        Instant expiresAt = Instant.parse(session.get("expiresAt").asString());
        assertThat(expiresAt)
                .isAfter(before.expiresAt())
                .isBeforeOrEqualTo(
                        Instant.parse(session.get("absoluteExpiresAt").asString()));
        assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(Duration.ofMinutes(1)));

        assertInvalidSession(allocate(second, old, lock));
        assertInvalidSession(Http.delete(second + "/session", Map.of("x-session-id", old)));
        assertInvalidSession(refresh(second, old));
        Http.Response signed = allocate(second, fresh, lock);
        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);

        List<EventEnvelope> events = stack.events(wallet.address());
        assertThat(events)
                .extracting(e -> e.event().getClass().getSimpleName())
                .containsExactly("SessionCreated", "SessionRefreshed", "CompactAllocated");
        Event.SessionRefreshed event = (Event.SessionRefreshed) events.get(1).event();
        assertThat(event.previousSessionId()).isEqualTo(before.sessionId());
        assertThat(event.sessionId()).isEqualTo(after.sessionId());
        Event.SessionCreated created = (Event.SessionCreated) events.get(0).event();
        assertThat(created.absoluteExpiresAt())
                .isEqualTo(event.absoluteExpiresAt())
                .isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(Duration.ofMinutes(1)));
    }

    @Test
    void aSignOutOnOneInstanceEndsTheSessionOnTheOther() {
        LockId lock = stack.fund(wallet.address(), TOKENS.incrementAndGet(), "10");
        String token = wallet.signIn(second, CommandInstance.CHAIN);
        String fresh = refresh(second, token).body().get("session").get("id").asString();

        Http.Response signOut = Http.delete(first + "/session", Map.of("x-session-id", fresh));

        assertThat(signOut.status()).as(signOut.raw()).isEqualTo(200);
        assertInvalidSession(allocate(second, fresh, lock));
        assertInvalidSession(Http.delete(second + "/session", Map.of("x-session-id", fresh)));
        assertInvalidSession(refresh(second, fresh));
        assertThat(stack.events(wallet.address()))
                .extracting(e -> e.event().getClass().getSimpleName())
                .containsExactly("SessionCreated", "SessionRefreshed", "SessionRevoked");
    }

    @Test
    void refusesARefreshWithoutAValidToken() {
        Http.Response missing = refresh(first, null);
        assertThat(missing.status()).as(missing.raw()).isEqualTo(401);
        assertThat(missing.error()).isEqualTo("Session ID required");
        assertInvalidSession(refresh(first, "not-a-token"));
        String foreign = new SessionTokens("another key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8))
                .issue(new SessionToken(
                        "s-x", wallet.address(), Instant.now(), Instant.now().plusSeconds(600)));
        assertInvalidSession(refresh(first, foreign));
        assertThat(stack.events(wallet.address())).isEmpty();
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(
                duration.toSeconds(), java.time.temporal.ChronoUnit.SECONDS);
    }
}

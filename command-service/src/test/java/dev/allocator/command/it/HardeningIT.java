package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.LockId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Regression tests for the defects an outside probe found in the command API: every one of these
 * answered 500, allocated for a client that was told it failed, or accepted what the read side
 * cannot store. Each asserts the JSON error shape, no ERROR log line, and no event written.
 */
@ExtendWith(KafkaBroker.class)
class HardeningIT {
    static final AtomicInteger TOKENS = new AtomicInteger(50_000);

    static CommandStack stack;
    static String api;

    final Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() {
        stack = CommandStack.start("hardening", 1);
        api = stack.api();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    LockId fundedLock(String amount) {
        return stack.fund(wallet.address(), TOKENS.incrementAndGet(), amount);
    }

    ObjectNode compact(LockId lock) {
        return CompactRequests.body(
                wallet.address(), null, Instant.now().getEpochSecond() + 3600, lock, "1", CommandInstance.CHAIN);
    }

    List<EventEnvelope> myEvents() {
        return stack.events(wallet.address());
    }

    List<Event.CompactAllocated> myAllocations() {
        return myEvents().stream()
                .map(EventEnvelope::event)
                .filter(Event.CompactAllocated.class::isInstance)
                .map(Event.CompactAllocated.class::cast)
                .toList();
    }

    void assertJsonError(Http.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as(response.raw())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.error()).as(response.raw()).isNotBlank();
        assertThat(response.body().get("code")).as(response.raw()).isNotNull();
    }

    void assertNoErrorLogged() {
        assertThat(logs.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
    }

    /** POST /compact until it is decided: a 503 is retried with the same Idempotency-Key, as clients do. */
    Http.Response allocate(String token, ObjectNode body, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("x-session-id", token);
        all.put("Idempotency-Key", java.util.UUID.randomUUID().toString());
        Http.Response response = Http.post(api + "/compact", body, all);
        for (int attempt = 0; attempt < 5 && response.status() == 503; attempt++) {
            response = Http.post(api + "/compact", body, all);
        }
        return response;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xml", "image/png", "text/html;q=0, application/json;q=0"})
    void answersJsonWhateverTheAcceptHeaderSoNoAllocationIsLost(String accept) {
        String token = wallet.signIn(api, CommandInstance.CHAIN);
        LockId lock = fundedLock("1");

        Http.Response signed = allocate(token, compact(lock), Map.of("Accept", accept));

        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
        assertThat(signed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(signed.body().get("signature").asString()).matches("0x[0-9a-f]{128}");
        assertThat(myAllocations())
                .singleElement()
                .satisfies(allocated -> assertThat(allocated.claimHash().value())
                        .isEqualTo(signed.body().get("hash").asString()));
        assertJsonError(allocate(token, compact(lock), Map.of("Accept", accept)), 400);
        assertNoErrorLogged();
    }

    /**
     * Unknown fields are ignored, as by the reference allocator, whose clients may send more than
     * it reads; none of them can set what the server decides (hash, signature, digest, the lock's
     * snapshot, who the sponsor is).
     */
    @Test
    void ignoresFieldsTheServerDecidesSoMassAssignmentChangesNothing() {
        String token = wallet.signIn(api, CommandInstance.CHAIN);
        LockId lock = fundedLock("5");
        String forged = "0x" + "ab".repeat(32);
        ObjectNode body = compact(lock);
        body.put("hash", forged);
        body.put("signature", "0x" + "cd".repeat(64));
        body.put("sessionId", "someone-else");
        body.put("sponsor", "0x0000000000000000000000000000000000000001");
        ObjectNode compact = (ObjectNode) body.get("compact");
        compact.put("claimHash", forged);
        compact.put("digest", forged);
        compact.put("allocatedBalance", "1000000");
        compact.putObject("snapshot").put("balance", "1000000000");

        Http.Response signed = allocate(token, body, Map.of());

        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
        Event.CompactAllocated allocated = myAllocations().get(0);
        assertThat(myAllocations()).hasSize(1);
        assertThat(allocated.claimHash().value())
                .isEqualTo(signed.body().get("hash").asString())
                .isNotEqualTo(forged);
        assertThat(allocated.digest().value()).isNotEqualTo(forged);
        assertThat(allocated.compact().sponsor()).isEqualTo(wallet.address());
        assertThat(allocated.snapshot().balance().toString()).isEqualTo("5");
        assertThat(signed.body().get("signature").asString())
                .isNotEqualTo(body.get("signature").asString());
        // The forged fields were not even kept: the event holds what the allocator decided.
        assertThat(allocated.sessionId()).isNotEqualTo("someone-else");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0000",
                "Mandate mandate)Mandate(uint256 fill\u0000)",
                "Mandate mandate)Mandate(uint256 fill\n)",
                "Mandate mandate)Mandate(uint256 fill\u2028)",
                " ",
                "Mandate mandate)Mandate(uint256 fillExpires",
                "Mandate mandate)Mandate(uint256 fillExpires))",
                "mandate)Mandate(uint256 fillExpires)",
                "Mandate mandate)Mandate(uint256 fill-expires)",
                "Mandate mandate)Mandate(bytes33 a)",
            })
    void refusesWitnessTypeStringsOutsideTheTypeGrammar(String witnessType) {
        String token = wallet.signIn(api, CommandInstance.CHAIN);
        ObjectNode body = compact(fundedLock("10"));
        ((ObjectNode) body.get("compact")).put("witnessTypeString", witnessType);
        ((ObjectNode) body.get("compact")).put("witnessHash", "0x" + "12".repeat(32));
        Http.Response refused = Http.post(api + "/compact", body, Map.of("x-session-id", token));

        assertJsonError(refused, 400);
        assertThat(myAllocations()).isEmpty();
        assertNoErrorLogged();
    }

    @Test
    void refusesAnOversizedWitnessTypeString() {
        String token = wallet.signIn(api, CommandInstance.CHAIN);
        ObjectNode body = compact(fundedLock("10"));
        String huge = "Mandate mandate)Mandate(" + "uint256 a,".repeat(6000) + "uint256 b)";
        ((ObjectNode) body.get("compact")).put("witnessTypeString", huge);
        ((ObjectNode) body.get("compact")).put("witnessHash", "0x" + "12".repeat(32));

        Http.Response refused = Http.post(api + "/compact", body, Map.of("x-session-id", token));

        assertJsonError(refused, 400);
        assertThat(refused.error()).contains("witnessTypeString");
    }

    @Test
    void refusesDuplicateJsonKeys() {
        String token = wallet.signIn(api, CommandInstance.CHAIN);
        LockId lock = fundedLock("10");
        String body = Http.JSON.writeValueAsString(compact(lock)).replaceFirst("\\{", "{\"chainId\":\"1\",");

        assertJsonError(Http.post(api + "/compact", body, Map.of("x-session-id", token)), 400);
        assertThat(myAllocations()).isEmpty();
    }

    @Test
    void answersOddContentTypesAndAcceptsWithAClientError() {
        assertJsonError(Http.post(api + "/session", "{}", Map.of("Content-Type", "*/*")), 415);
        assertJsonError(
                Http.post(api + "/session", "a=%zz", Map.of("Content-Type", "application/x-www-form-urlencoded")), 415);
        assertJsonError(Http.get(api + "/session/10/0xabc", Map.of("Accept", "text/html")), 400);
        assertJsonError(Http.post(api + "/compact", "{}", Map.of("Accept", "image/png")), 401);
        assertJsonError(Http.delete(api + "/session", Map.of("Accept", "application/xml")), 401);
        Http.Response metrics = Http.get(api + "/actuator/metrics", Map.of("Content-Type", "*/*"));
        assertThat(metrics.status()).as(metrics.raw()).isLessThan(500);
        assertJsonError(Http.get(api + "/error", Map.of()), 404);
        assertJsonError(Http.get(api + "/error", Map.of("Accept", "text/html")), 404);
        assertNoErrorLogged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/session/10/0x%2F", "/session/10/%zz", "/session/%00/0x"})
    void answersRequestsTheContainerRefusesInTheErrorShape(String path) throws java.io.IOException {
        URI uri = URI.create(api);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream()
                    .write(("GET " + path
                                    + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).containsIgnoringCase("Content-Type: application/json");
            assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).contains("\"error\"");
        }
        assertNoErrorLogged();
    }

    @Test
    void listsOnlyTheMethodsThatExist() {
        Http.Response options = Http.send(
                HttpRequest.newBuilder(URI.create(api + "/compact"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                Map.of());
        assertThat(options.headers().firstValue("Allow"))
                .hasValueSatisfying(
                        allow -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("POST", "OPTIONS"));

        Http.Response unknown = Http.send(
                HttpRequest.newBuilder(URI.create(api + "/no-such-path"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                Map.of());
        assertJsonError(unknown, 404);
    }

    @Test
    void refusesSignInOnAChainThisAllocatorDoesNotServe() {
        Http.Response payload =
                Http.get(api + "/session/999999/" + wallet.address().checksummed(), Map.of());

        assertJsonError(payload, 400);
        assertThat(payload.error()).isEqualTo("Unsupported chain ID");
    }

    @Test
    void refusesASignInUriThatLeavesTheAllocatorsPath() {
        Http.Response payload = Http.get(
                api + "/session/" + CommandInstance.CHAIN + "/"
                        + wallet.address().checksummed(),
                Map.of());
        ObjectNode session = (ObjectNode) payload.body().get("session");
        session.put("uri", session.get("uri").asString() + "/anything/../../x");

        Http.Response refused = Http.post(api + "/session", wallet.signedBody(session), Map.of());

        assertJsonError(refused, 400);
        assertThat(refused.body().get("reason").asString()).contains("uri");
        assertThat(myEvents()).isEmpty();
    }

    @Test
    void escapesLineBreaksInLoggedRequestData() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.allocator");
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            Http.get(api + "/session/10/0x%0D%0A2026-01-01%20ERROR%20FORGED-LOG-LINE", Map.of());
        } finally {
            logger.setLevel(level);
        }
        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("\n") || message.contains("\r"));
        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(message -> message.contains("FORGED-LOG-LINE"));
    }
}

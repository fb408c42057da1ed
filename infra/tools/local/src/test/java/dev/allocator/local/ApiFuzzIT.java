package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.allocator.command.it.CompactRequests;
import dev.allocator.command.it.EventLog;
import dev.allocator.command.it.Http;
import dev.allocator.command.it.Wallet;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.Topics;
import dev.allocator.model.testing.WitnessTypes;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import dev.allocator.security.ApiKeyFilter;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes every endpoint of the running local stack for about a minute: random and boundary values,
 * control characters, odd headers, content types, Accept values and methods, mixed with valid
 * requests (compacts with random witnesses the type grammar allows). It asserts what the API
 * promises whatever it is sent: no 5xx, every error in the JSON shape, no ERROR log line for a
 * client's mistake, no event for a refused request, and a read side that keeps up and serves every
 * accepted compact back byte for byte.
 *
 * <p>The seed is printed and can be fixed with {@code -Dfuzz.seed=…}; the time with {@code
 * -Dfuzz.seconds=…}.
 */
class ApiFuzzIT {
    static final ChainId CHAIN = ChainId.of(10);
    static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 60));
    static final int MAX_REQUESTS = 4000;

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    static final List<String> ACCEPTS = List.of(
            "*/*",
            "application/json",
            "text/html",
            "application/xml",
            "image/png",
            "garbage",
            "application/json;q=0",
            "*/*;q=abc",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "*/*",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json; charset=utf-16",
            "garbage",
            "multipart/form-data; boundary=x",
            "application/merge-patch+json",
            "application/*");

    static final List<String> AUDIT_PARAMETERS = List.of("from", "to", "actor", "action", "limit", "cursor", "x");

    static LocalAllocator stack;
    /** The stack's first-run admin key: sent only with GET and HEAD, so the fuzz revokes and rebuilds nothing. */
    static String adminKey;

    static String api;
    static String bootstrap;
    static LockId lock;

    final Random random = new Random(SEED);
    final Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Map<String, ObjectNode> accepted = new HashMap<>();
    String token;
    int sessionsCreated;
    int sessionsRevoked;
    int sessionsRefreshed;

    @BeforeAll
    static void start() throws Exception {
        LocalOptions options = TestOptions.onFreePorts();
        stack = new LocalAllocator().start(options);
        adminKey = Files.readString(options.dataDir().resolve(AdminKey.FILE)).trim();
        api = stack.apiUrl();
        bootstrap = "localhost:" + options.kafkaPort();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyEndpointAnswersEveryRequestAsPromised() {
        token = wallet.signIn(api, CHAIN);
        sessionsCreated++;
        lock = DevLedger.fund(stack, wallet.address(), 4242, "1000000000000");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);

        String rebuildBefore = Http.get(
                        api + "/admin/read-model/rebuild", Map.of(ApiKeyFilter.API_KEY_HEADER, adminKey))
                .raw();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        try {
            while (sent < MAX_REQUESTS && System.nanoTime() < deadline) {
                sendOne();
                sent++;
            }
        } finally {
            root.detachAppender(logs);
        }

        assertThat(sent).as("requests sent (seed %d)", SEED).isGreaterThan(100);
        assertThat(logs.list)
                .as("ERROR lines logged while fuzzing (seed %d)", SEED)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                // The broker in this JVM logs its own internals; those are not answers to clients.
                .filteredOn(event -> !event.getLoggerName().startsWith("org.apache.kafka")
                        && !event.getLoggerName().startsWith("kafka."))
                .extracting(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
                .isEmpty();
        assertEventsMatchAnswers();
        assertOperatorStateUntouched(rebuildBefore);
        assertReadSideServesEveryAcceptedCompact();
        System.out.printf("ApiFuzzIT: %d requests, %d compacts accepted, seed %d%n", sent, accepted.size(), SEED);
    }

    /** One request: mostly mutated, some valid, to every endpoint, with random headers. */
    private void sendOne() {
        int kind = random.nextInt(100);
        if (kind < 12) {
            ObjectNode body = validCompact();
            Http.Response response = send("POST", "/compact", json(body), headers(token, true));
            if (response.status() == 200) {
                accepted.put(response.body().get("hash").asString(), body);
            }
            return;
        }
        if (kind < 15) {
            Http.Response payload = send("GET", "/session/" + CHAIN + "/" + wallet.address(), null, Map.of());
            if (payload.status() == 200) {
                JsonNode session = payload.body().get("session");
                ObjectNode signed = wallet.signedBody(session);
                boolean mutate = random.nextBoolean();
                if (mutate) {
                    mutateField((ObjectNode) signed.get("payload"));
                }
                Http.Response created = send("POST", "/session", json(signed), headers(null, true));
                if (created.status() == 200) {
                    sessionsCreated++;
                }
            }
            return;
        }
        if (kind < 17) {
            Http.Response revoked = send("DELETE", "/session", null, headers(random.nextBoolean() ? "x" : null, false));
            if (revoked.status() == 200) {
                sessionsRevoked++;
            }
            return;
        }
        String method = pick(METHODS);
        String path = randomPath();
        String body = randomBody();
        Http.Response response = send(method, path, body, headers(random.nextInt(3) == 0 ? null : token, false));
        if (response.status() == 200 && method.equals("POST") && path.equals("/compact")) {
            accepted.put(response.body().get("hash").asString(), (ObjectNode) Http.JSON.readTree(body));
        }
        if (response.status() == 200 && method.equals("POST") && path.equals("/session")) {
            sessionsCreated++;
        }
        if (response.status() == 200 && method.equals("POST") && path.equals("/session/refresh")) {
            sessionsRefreshed++;
            this.token = response.body().get("session").get("id").asString();
        }
        if (response.status() == 200 && method.equals("DELETE") && path.equals("/session")) {
            sessionsRevoked++;
            this.token = wallet.signIn(api, CHAIN);
            sessionsCreated++;
        }
    }

    private Http.Response send(String method, String path, String body, Map<String, String> headers) {
        if (!method.equals("GET")
                && !method.equals("HEAD")
                && adminKey.equals(headers.get(ApiKeyFilter.API_KEY_HEADER))) {
            headers.remove(ApiKeyFilter.API_KEY_HEADER);
        }
        Http.Response response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            response = Http.send(request, headers);
        } catch (IllegalArgumentException e) {
            // A header or path the client library itself refuses to send: nothing reached the API.
            return new Http.Response(0, null, null, "not sent: " + e.getMessage());
        }
        String what = method + " " + path + " " + headers + " body=" + abbreviate(body) + " (seed " + SEED + ")";
        assertThat(response.status()).as(what + " -> " + response.raw()).isBetween(100, 499);
        assertThat(response.headers().firstValue("X-Content-Type-Options"))
                .as(what)
                .hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
        if (!api.equals(headers.get("Origin")) && !"http://localhost:5173".equals(headers.get("Origin"))) {
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(what)
                    .isEmpty();
        }
        if (response.status() >= 400 && !method.equals("HEAD")) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.error()).as(what + " -> " + response.raw()).isNotBlank();
        }
        return response;
    }

    private Map<String, String> headers(String token, boolean json) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("x-session-id", random.nextInt(10) == 0 ? token + "x" : token);
        }
        headers.put("Content-Type", json && random.nextInt(4) > 0 ? "application/json" : pick(CONTENT_TYPES));
        if (random.nextBoolean()) {
            headers.put("Accept", pick(ACCEPTS));
        }
        if (random.nextInt(6) == 0) {
            headers.put(
                    "Origin", pick(List.of(api, "http://localhost:5173", "https://evil.example", "null", "\u0001")));
            if (random.nextBoolean()) {
                headers.put("Access-Control-Request-Method", pick(METHODS));
            }
        }
        if (random.nextInt(8) == 0) {
            headers.put("Idempotency-Key", pick(List.of("", " ", "ä", "x".repeat(200), "\u0001")));
        }
        return headers;
    }

    private ObjectNode validCompact() {
        ObjectNode body =
                CompactRequests.body(wallet.address(), null, Instant.now().getEpochSecond() + 3600, lock, "1", CHAIN);
        if (random.nextBoolean()) {
            ObjectNode compact = (ObjectNode) body.get("compact");
            compact.put("witnessTypeString", WitnessTypes.valid(random));
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            compact.put("witnessHash", "0x" + HexFormat.of().formatHex(hash));
        }
        return body;
    }

    private String randomPath() {
        List<Supplier<String>> paths = List.of(
                () -> "/health",
                () -> "/session",
                () -> "/session/refresh",
                () -> "/compact",
                () -> "/compacts" + (random.nextBoolean() ? "" : "?limit=" + encoded() + "&cursor=" + encoded()),
                () -> "/balances",
                () -> "/session/" + encoded() + "/" + encoded(),
                () -> "/session/" + CHAIN + "/" + encoded(),
                () -> "/compact/" + encoded() + "/" + encoded(),
                () -> "/compact/" + CHAIN + "/0x" + "ab".repeat(32),
                () -> "/balance/" + encoded() + "/" + encoded(),
                () -> "/balance/" + CHAIN + "/" + lock,
                () -> "/suggested-nonce/" + encoded(),
                () -> "/actuator/health",
                () -> "/actuator/metrics",
                () -> "/actuator/env",
                () -> "/admin/keys",
                () -> "/admin/keys/" + encoded(),
                () -> "/admin/audit" + (random.nextBoolean() ? "" : "?" + pick(AUDIT_PARAMETERS) + "=" + encoded()),
                () -> "/admin/read-model/rebuild",
                () -> "/admin/stats",
                () -> "/admin/sponsors/" + encoded() + (random.nextBoolean() ? "" : "?limit=" + encoded()),
                () -> "/admin/dead-letters" + (random.nextBoolean() ? "" : "?cursor=" + encoded()),
                () -> "/admin/dead-letters/" + encoded() + "/replay",
                () -> "/admin/config/" + encoded(),
                () -> "/admin/signing",
                () -> "/admin/signing/pause",
                () -> "/error",
                () -> "/" + encoded());
        return pick(paths).get();
    }

    private String encoded() {
        return URLEncoder.encode(nasty(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String randomBody() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> nasty();
            case 2 -> {
                ObjectNode body = validCompact();
                mutateField(random.nextBoolean() ? body : (ObjectNode) body.get("compact"));
                yield json(body);
            }
            case 3 -> json(validCompact()).replaceFirst("\\{", "{\"chainId\":\"1\",");
            case 4 -> {
                String text = json(validCompact());
                yield text.substring(0, random.nextInt(text.length()));
            }
            default -> {
                ObjectNode body = Http.JSON.createObjectNode();
                body.put("signature", nasty());
                ObjectNode payload = body.putObject("payload");
                for (String field : List.of("domain", "address", "uri", "statement", "version", "chainId", "nonce")) {
                    payload.put(field, nasty());
                }
                yield json(body);
            }
        };
    }

    /** Replaces, removes or adds one field with a value chosen to break something. */
    private void mutateField(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        String field = names.isEmpty() || random.nextInt(6) == 0 ? "unexpected" : pick(names);
        switch (random.nextInt(4)) {
            case 0 -> node.remove(field);
            case 1 -> node.putNull(field);
            case 2 ->
                node.set(
                        field,
                        pick(List.of(
                                Http.JSON.createArrayNode(),
                                Http.JSON.createObjectNode(),
                                Http.JSON.getNodeFactory().booleanNode(true),
                                Http.JSON.getNodeFactory().numberNode(1.5),
                                Http.JSON.getNodeFactory().numberNode(new BigInteger("1" + "0".repeat(80))))));
            default -> node.put(field, nasty());
        }
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** No refused operator request changed anything: every key is live, no rebuild was started. */
    private void assertOperatorStateUntouched(String rebuildBefore) {
        Map<String, String> admin = Map.of(ApiKeyFilter.API_KEY_HEADER, adminKey);
        Http.Response keys = Http.get(api + "/admin/keys", admin);
        assertThat(keys.status()).as(keys.raw()).isEqualTo(200);
        assertThat(keys.body().get("keys"))
                .as("keys after fuzzing (seed %d)", SEED)
                .allSatisfy(key -> assertThat(key.hasNonNull("revokedAt")).isFalse());
        assertThat(Http.get(api + "/admin/read-model/rebuild", admin).raw())
                .as("rebuild status after fuzzing (seed %d)", SEED)
                .isEqualTo(rebuildBefore);
    }

    private String nasty() {
        return pick(List.of(
                "",
                " ",
                "0",
                "-1",
                "1.5",
                "1e3",
                "0x",
                "0xzz",
                "10",
                Uint256.MAX_VALUE.toString(),
                Uint256.MAX_VALUE.add(BigInteger.ONE).toString(),
                "9".repeat(100),
                "\u0000",
                "\n",
                "\r\n2026-01-01 ERROR forged",
                "\u2028",
                "💥",
                "<script>alert(1)</script>",
                "' OR 1=1 --",
                "../../etc/passwd",
                "%00",
                "a".repeat(10_000),
                "Mandate mandate)Mandate(uint256 a\u0000)",
                wallet.address().toString(),
                "0x" + "00".repeat(20),
                "0x" + "ff".repeat(32),
                "{\"a\":",
                "[]"));
    }

    private void assertEventsMatchAnswers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Event> mine;
        do {
            mine = EventLog.readAll(bootstrap, Topics.EVENTS).stream()
                    .filter(e -> e.sponsor().equals(wallet.address()))
                    .map(EventEnvelope::event)
                    .toList();
        } while (count(mine, Event.CompactAllocated.class) < accepted.size() && System.nanoTime() < deadline);
        assertThat(count(mine, Event.CompactAllocated.class))
                .as("compacts in the log vs. answered 200 (seed %d)", SEED)
                .isEqualTo(accepted.size());
        assertThat(count(mine, Event.SessionCreated.class))
                .as("sessions in the log vs. answered 200 (seed %d)", SEED)
                .isEqualTo(sessionsCreated);
        assertThat(count(mine, Event.SessionRevoked.class)).isEqualTo(sessionsRevoked);
        assertThat(count(mine, Event.SessionRefreshed.class))
                .as("refreshes in the log vs. answered 200 (seed %d)", SEED)
                .isEqualTo(sessionsRefreshed);
    }

    private static long count(List<Event> events, Class<? extends Event> type) {
        return events.stream().filter(type::isInstance).count();
    }

    private void assertReadSideServesEveryAcceptedCompact() {
        Map<String, String> session = Map.of("x-session-id", token);
        for (Map.Entry<String, ObjectNode> compact : accepted.entrySet()) {
            Http.Response one = Http.get(api + "/compact/" + CHAIN + "/" + compact.getKey(), session);
            assertThat(one.status()).as(one.raw()).isEqualTo(200);
            JsonNode sent = compact.getValue().get("compact");
            JsonNode stored = one.body().get("compact");
            for (String field : List.of("arbiter", "expires", "id", "amount", "witnessTypeString", "witnessHash")) {
                assertThat(normalized(stored.get(field)))
                        .as("%s of %s (seed %d)", field, compact.getKey(), SEED)
                        .isEqualTo(normalized(sent.get(field)));
            }
        }
    }

    /** Numbers and addresses may come back in another spelling of the same value. */
    private static String normalized(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.asString();
        if (text.matches("0x[0-9a-fA-F]{40}")) {
            return text.toLowerCase();
        }
        if (text.matches("[0-9]+|0x[0-9a-fA-F]+") && text.length() < 80) {
            return Uint256.parse(text).toString();
        }
        return text;
    }

    private String json(Object body) {
        return Http.JSON.writeValueAsString(body);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 200 ? text : text.substring(0, 200) + "…";
    }
}

package dev.allocator.query.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MergedApiDocsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OWN = """
            {"openapi":"3.1.0","info":{"title":"Compact allocator API","version":"1"},
             "tags":[{"name":"session"}],
             "paths":{"/session":{"get":{"operationId":"getSession"}}},
             "components":{"schemas":{"Error":{"type":"object"},
               "ErrorCode":{"type":"string","enum":["INVALID_SESSION","COMPACT_NOT_FOUND"],"description":"codes:\\n- `COMPACT_NOT_FOUND` (404)"}}}}
            """;
    private static final String COMMAND = """
            {"openapi":"3.1.0","info":{"title":"command","version":"1"},
             "tags":[{"name":"session"},{"name":"compact"}],
             "paths":{"/session":{"post":{"operationId":"signIn"}},"/compact":{"post":{"operationId":"allocateCompact"}}},
             "components":{"schemas":{"Error":{"type":"object"},
               "ErrorCode":{"type":"string","enum":["INVALID_SESSION","NONCE_USED"],"description":"codes:\\n- `NONCE_USED` (400)"}}}}
            """;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void mergesPathsMethodsTagsAndErrorCodesAndKeepsTheOwnInfo() {
        OpenApiMerge.Result result = OpenApiMerge.merge(documents(OWN, COMMAND), Set.of());
        JsonNode merged = result.document();

        assertThat(result.conflicts()).isEmpty();
        assertThat(merged.get("info").get("title").asString()).isEqualTo("Compact allocator API");
        assertThat(merged.get("paths").get("/session").propertyNames()).containsExactly("get", "post");
        assertThat(merged.get("paths").has("/compact")).isTrue();
        assertThat(merged.get("tags").findValuesAsString("name")).containsExactly("session", "compact");
        JsonNode codes = merged.get("components").get("schemas").get("ErrorCode");
        assertThat(codes.get("enum").valueStream().map(JsonNode::asString))
                .containsExactly("INVALID_SESSION", "COMPACT_NOT_FOUND", "NONCE_USED");
        assertThat(codes.get("description").asString()).contains("COMPACT_NOT_FOUND", "NONCE_USED");
        assertThat(merged.get("servers").get(0).get("url").asString()).isEqualTo("/");
        assertThat(merged.get("info").has("x-missing-sources")).isFalse();
    }

    @Test
    void reportsAnOperationOrComponentTwoServicesDefineDifferently() {
        String clash = COMMAND.replace("\"post\":{\"operationId\":\"signIn\"}", "\"get\":{\"operationId\":\"other\"}")
                .replace("\"Error\":{\"type\":\"object\"}", "\"Error\":{\"type\":\"string\"}");

        OpenApiMerge.Result result = OpenApiMerge.merge(documents(OWN, clash), Set.of());

        assertThat(result.conflicts()).containsExactly("command: get /session", "command: components/schemas/Error");
        assertThat(result.document()
                        .get("paths")
                        .get("/session")
                        .get("get")
                        .get("operationId")
                        .asString())
                .isEqualTo("getSession");
    }

    @Test
    void servesTheOtherServicesDocumentFromTheFirstUrlThatAnswersAndCachesIt() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v3/api-docs", exchange -> {
            requests.incrementAndGet();
            byte[] body = COMMAND.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI down = URI.create("http://127.0.0.1:" + freePort() + "/v3/api-docs");
        URI up = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3/api-docs");
        MutableClock clock = new MutableClock();
        MergedApiDocs docs = new MergedApiDocs(
                new ApiDocsProperties(
                        Map.of("command", List.of(down, up)), Duration.ofSeconds(60), Duration.ofSeconds(2)),
                () -> OWN.getBytes(StandardCharsets.UTF_8),
                JSON,
                clock);

        MergedApiDocs.Document first = docs.current();
        MergedApiDocs.Document second = docs.current();
        clock.now = clock.now.plusSeconds(61);
        docs.current();

        assertThat(first.missing()).isEmpty();
        assertThat(JSON.readTree(first.json()).get("paths").has("/compact")).isTrue();
        assertThat(second).isSameAs(first);
        assertThat(requests).hasValue(2);
    }

    @Test
    void servesThePartsThatAnsweredAndNamesTheMissingOneWithoutCachingIt() throws IOException {
        URI down = URI.create("http://127.0.0.1:" + freePort() + "/v3/api-docs");
        MergedApiDocs docs = new MergedApiDocs(
                new ApiDocsProperties(Map.of("command", List.of(down)), Duration.ofSeconds(60), Duration.ofSeconds(2)),
                () -> OWN.getBytes(StandardCharsets.UTF_8),
                JSON,
                new MutableClock());

        MergedApiDocs.Document first = docs.current();
        MergedApiDocs.Document second = docs.current();

        assertThat(first.missing()).containsExactly("command");
        JsonNode merged = JSON.readTree(first.json());
        assertThat(merged.get("paths").has("/session")).isTrue();
        assertThat(merged.get("paths").has("/compact")).isFalse();
        assertThat(merged.get("info").get("x-missing-sources").get(0).asString())
                .isEqualTo("command");
        assertThat(second).as("an incomplete document is not kept").isNotSameAs(first);
    }

    private static Map<String, JsonNode> documents(String own, String command) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        documents.put("query", JSON.readTree(own));
        documents.put("command", JSON.readTree(command));
        return documents;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

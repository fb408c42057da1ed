package dev.allocator.indexer.standin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writing responses: every one says it comes from the development stand-in. */
final class Exchanges {
    static final String HEADER = "X-Indexer";
    static final String HEADER_VALUE = "development-stand-in";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Exchanges() {}

    static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, status, bytes);
    }

    static void error(HttpExchange exchange, int status, String reason) throws IOException {
        respond(exchange, status, Map.of("error", reason));
    }

    static void empty(HttpExchange exchange, int status) throws IOException {
        send(exchange, status, new byte[0]);
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set(HEADER, HEADER_VALUE);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }
}

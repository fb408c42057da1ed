package dev.allocator.command.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the tests, speaking to the API as a wallet would. */
public final class Http {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Http() {}

    /** A response: status, headers and the body as JSON (null when it is not JSON). */
    public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers, String raw) {
        public String error() {
            return body == null || body.get("error") == null
                    ? null
                    : body.get("error").asString();
        }
    }

    public static Response get(String url, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    public static Response delete(String url, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), headers);
    }

    public static Response post(String url, Object body, Map<String, String> headers) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(text));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        return send(request, headers);
    }

    /** POST, retrying a 503 after its Retry-After as a client should, for up to a minute. */
    public static Response postRetrying(String url, Object body, Map<String, String> headers) {
        long giveUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Response response = post(url, body, headers);
        while (response.status() == 503 && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(1_000L
                        * Long.parseLong(
                                response.headers().firstValue("Retry-After").orElse("1")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = post(url, body, headers);
        }
        return response;
    }

    public static Response send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        request.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (RuntimeException e) {
                json = null;
            }
            return new Response(response.statusCode(), json, response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local gateway over two stand-in upstreams that echo what reached them. */
class LocalGatewayTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer command;
    private HttpServer query;
    private LocalGateway gateway;

    @BeforeEach
    void start() throws IOException {
        command = echo("command");
        query = echo("query");
        gateway = LocalGateway.start(
                LocalOptions.LOOPBACK,
                0,
                Map.of(
                        LocalService.COMMAND, uri(command),
                        LocalService.QUERY, uri(query)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        command.stop(0);
        query.stop(0);
    }

    @Test
    void bindsTheLoopbackInterfaceByDefault() {
        assertThat(gateway.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(gateway.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void proxiesReadsToTheQuerySideWithPathQueryAndClientHeaders() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(api("/compacts?limit=2"))
                        .header("x-session-id", "token-1")
                        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(203);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.body())
                .contains("query GET /compacts?limit=2")
                .contains("x-session-id=token-1")
                .contains("traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .contains("x-forwarded-for=127.0.0.1")
                .contains("x-forwarded-proto=http")
                .contains("x-request-id=");
    }

    @Test
    void proxiesWritesToTheCommandSideWithTheirBody() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(api("/compact"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "order-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"chainId\":\"10\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body())
                .contains("command POST /compact")
                .contains("idempotency-key=order-1")
                .endsWith("body={\"chainId\":\"10\"}");
    }

    @Test
    void answersItsOwnErrorsInJson() throws Exception {
        HttpResponse<String> notFound = client.send(
                HttpRequest.newBuilder(api("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = client.send(
                HttpRequest.newBuilder(api("/compact")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tooLarge = client.send(
                HttpRequest.newBuilder(api("/compact"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(64 * 1024 + 1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("{\"error\":\"Not found\"}");
        assertThat(notFound.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("{\"error\":\"Request body too large\"}");
    }

    @Test
    void answers502WhenTheServiceIsNotThere() throws Exception {
        gateway.close();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        gateway = LocalGateway.start(
                "127.0.0.1",
                0,
                Map.of(
                        LocalService.COMMAND, URI.create("http://127.0.0.1:" + closed),
                        LocalService.QUERY, uri(query)));

        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(api("/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"error\":\"No service instance could answer\"}");
    }

    private URI api(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gateway.address().getPort() + pathAndQuery);
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers 203 with Retry-After and a body saying what it received. */
    private static HttpServer echo(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            StringBuilder seen =
                    new StringBuilder(name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n");
            exchange.getRequestHeaders()
                    .forEach((header, values) -> seen.append(header.toLowerCase(java.util.Locale.ROOT))
                            .append('=')
                            .append(String.join(",", values))
                            .append('\n'));
            seen.append("body=").append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = seen.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(203, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}

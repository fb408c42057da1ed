package dev.allocator.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's one origin in local mode, standing in for the nginx gateway of a deployment: routes
 * each request by {@link GatewayRoutes} to the service's own port, passes every client header
 * through and adds the forwarding headers nginx adds, and writes the gateway's own errors (404,
 * 405, 413, 502, 504) as the same JSON.
 */
final class LocalGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalGateway.class);

    /** Hop-by-hop headers, and those the HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect");

    private static final SecureRandom REQUEST_IDS = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<LocalService, URI> services;

    private LocalGateway(
            HttpServer server, ExecutorService executor, HttpClient client, Map<LocalService, URI> services) {
        this.server = server;
        this.executor = executor;
        this.client = client;
        this.services = services;
    }

    /** Binds {@code host:port} and serves, proxying to the services at the given base URIs. */
    static LocalGateway start(String host, int port, Map<LocalService, URI> services) {
        HttpServer server;
        try {
            // The JDK server leaves Nagle on: a response written in two parts then waits for the
            // client's delayed ACK, 40 ms a request on loopback. Read once, by the first server in the JVM.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the API to " + host + ":" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gateway-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(executor)
                .build();
        LocalGateway gateway = new LocalGateway(server, executor, client, Map.copyOf(services));
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    /** The address it is bound to. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            GatewayRoutes.Route route =
                    GatewayRoutes.route(method, exchange.getRequestURI().getPath());
            if (route instanceof GatewayRoutes.Proxy proxy) {
                proxy(exchange, method, services.get(proxy.service()));
            } else if (route instanceof GatewayRoutes.Answer answer) {
                answer(exchange, answer.status(), answer.body(), answer.allow());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("gateway exchange failed", e);
            throw e;
        }
    }

    private void proxy(HttpExchange exchange, String method, URI service) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            answer(exchange, 413, GatewayRoutes.TOO_LARGE, null);
            return;
        }
        HttpRequest request;
        try {
            request = forward(exchange, method, service, body);
        } catch (IllegalArgumentException e) {
            // A header or target the HTTP client will not send on: the client's mistake, as nginx
            // would also refuse it.
            answer(exchange, 400, GatewayRoutes.BAD_REQUEST, null);
            return;
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            answer(exchange, 502, GatewayRoutes.BAD_GATEWAY, null);
            return;
        } catch (HttpTimeoutException e) {
            answer(exchange, 504, GatewayRoutes.GATEWAY_TIMEOUT, null);
            return;
        } catch (IOException e) {
            answer(exchange, 502, GatewayRoutes.BAD_GATEWAY, null);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 502, GatewayRoutes.BAD_GATEWAY, null);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        write(exchange, response.statusCode(), response.body(), method);
    }

    /** The request to the service: same method, target and headers, plus nginx's forwarding headers. */
    private static HttpRequest forward(HttpExchange exchange, String method, URI service, byte[] body) {
        URI target = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service
                        + target.getRawPath()
                        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-forwarded-") && !lower.equals("x-request-id")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        String clientHost = exchange.getRequestHeaders().getFirst("Host");
        // Like nginx's $proxy_add_x_forwarded_for: every header the client sent, joined, then the peer.
        // The services' rate limits read only what is right of the last untrusted hop.
        List<String> forwardedFor = exchange.getRequestHeaders().get("X-Forwarded-For");
        String remote = exchange.getRemoteAddress().getAddress().getHostAddress();
        request.header(
                "X-Forwarded-For",
                forwardedFor == null || forwardedFor.isEmpty()
                        ? remote
                        : String.join(", ", forwardedFor) + ", " + remote);
        request.header("X-Forwarded-Proto", "http");
        if (clientHost != null) {
            request.header("X-Forwarded-Host", clientHost);
        }
        request.header("X-Request-Id", requestId());
        return request.build();
    }

    /** The request body, or null when it is larger than the gateway accepts. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(GatewayRoutes.MAX_BODY_BYTES + 1);
        return body.length > GatewayRoutes.MAX_BODY_BYTES ? null : body;
    }

    private static void answer(HttpExchange exchange, int status, String body, String allow) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        // As nginx adds to its own answers; a service's answers carry the full set of their own.
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (allow != null) {
            exchange.getResponseHeaders().set("Allow", allow);
        }
        write(exchange, status, body.getBytes(StandardCharsets.UTF_8), exchange.getRequestMethod());
    }

    private static void write(HttpExchange exchange, int status, byte[] body, String method) throws IOException {
        boolean noBody = method.equalsIgnoreCase("HEAD") || status == 204 || status == 304 || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Like nginx's $request_id: 16 random bytes in hex. */
    private static String requestId() {
        byte[] bytes = new byte[16];
        REQUEST_IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

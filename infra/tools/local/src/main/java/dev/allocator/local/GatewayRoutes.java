package dev.allocator.local;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routing of the production gateway ({@code infra/deployment/gateway/nginx.conf}) as a pure function:
 * writes go to the command service, reads to the query service, operator routes to the service
 * that owns them (the read-model rebuild to the projector), by method and path; anything
 * else is answered here with the gateway's own JSON errors. Keep the two in step: a new route
 * needs a location there and a row here.
 */
final class GatewayRoutes {
    static final String BAD_REQUEST = "{\"error\":\"Bad request\"}";
    static final String NOT_FOUND = "{\"error\":\"Not found\"}";
    static final String METHOD_NOT_ALLOWED = "{\"error\":\"Method not allowed\"}";
    static final String TOO_LARGE = "{\"error\":\"Request body too large\"}";
    static final String BAD_GATEWAY = "{\"error\":\"No service instance could answer\"}";
    static final String GATEWAY_TIMEOUT = "{\"error\":\"The service did not answer in time\"}";

    /** nginx's client_max_body_size. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** Where a request goes. */
    sealed interface Route {}

    /** Proxied to a service, path and query unchanged. */
    record Proxy(LocalService service) implements Route {}

    /** Answered by the gateway itself. */
    record Answer(int status, String body, String allow) implements Route {}

    private record Location(Pattern path, Set<String> methods, String allow, LocalService service) {}

    private static final Set<String> READ = Set.of("GET", "HEAD");

    private static final List<Location> LOCATIONS = List.of(
            read("/health", LocalService.COMMAND),
            read("/session/[^/]+/[^/]+", LocalService.COMMAND),
            new Location(Pattern.compile("/session/refresh"), Set.of("POST"), "POST", LocalService.COMMAND),
            new Location(Pattern.compile("/compact"), Set.of("POST"), "POST", LocalService.COMMAND),
            read("/compacts", LocalService.QUERY),
            read("/compact/[^/]+/[^/]+", LocalService.QUERY),
            read("/balance/[^/]+/[^/]+", LocalService.QUERY),
            read("/balances", LocalService.QUERY),
            read("/suggested-nonce/[^/]+", LocalService.QUERY),
            // The merged API document and Swagger UI (page, scripts, styles).
            read("/openapi.json", LocalService.QUERY),
            read("/docs", LocalService.QUERY),
            read("/docs/[^/]+", LocalService.QUERY),
            // Operator routes: every method (OPTIONS too) to the service that owns the path, which
            // checks the API key and role and answers its own 405.
            any("/admin/keys", LocalService.COMMAND),
            any("/admin/keys/[^/]+", LocalService.COMMAND),
            any("/admin/read-model/rebuild", LocalService.PROJECTOR),
            any("/admin/signing", LocalService.COMMAND),
            any("/admin/signing/(pause|resume)", LocalService.COMMAND),
            any("/admin/audit", LocalService.QUERY),
            any("/admin/stats", LocalService.QUERY),
            any("/admin/sponsors/[^/]+", LocalService.QUERY),
            any("/admin/dead-letters", LocalService.PROJECTOR),
            any("/admin/dead-letters/[^/]+/replay", LocalService.PROJECTOR),
            // Each service serves its own effective configuration under its own name.
            any("/admin/config/command", LocalService.COMMAND),
            any("/admin/config/query", LocalService.QUERY),
            any("/admin/config/projector", LocalService.PROJECTOR));

    private GatewayRoutes() {}

    static Route route(String method, String path) {
        // The one path both sides serve, told apart by method; both answer a preflight alike.
        if (path.equals("/session")) {
            return switch (method) {
                case "GET", "HEAD" -> new Proxy(LocalService.QUERY);
                case "POST", "DELETE", "OPTIONS" -> new Proxy(LocalService.COMMAND);
                default -> new Answer(405, METHOD_NOT_ALLOWED, "GET, HEAD, POST, DELETE");
            };
        }
        for (Location location : LOCATIONS) {
            if (location.path().matcher(path).matches()) {
                // OPTIONS goes to the service: its CORS policy answers preflights, one source of truth.
                return location.methods().isEmpty() || location.methods().contains(method) || method.equals("OPTIONS")
                        ? new Proxy(location.service())
                        : new Answer(405, METHOD_NOT_ALLOWED, location.allow());
            }
        }
        return new Answer(404, NOT_FOUND, null);
    }

    /** Every method goes through. */
    private static Location any(String path, LocalService service) {
        return new Location(Pattern.compile(path), Set.of(), null, service);
    }

    private static Location read(String path, LocalService service) {
        return new Location(Pattern.compile(path), READ, "GET, HEAD", service);
    }
}

package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.local.GatewayRoutes.Answer;
import dev.allocator.local.GatewayRoutes.Proxy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Local mode's gateway routes as nginx.conf does (infra/deployment's GatewayRoutesTest checks that file). */
class GatewayRoutesTest {
    private static final String CLAIM_HASH = "0x" + "ab".repeat(32);
    private static final String ADDRESS = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String LOCK_ID = "21267647932558653966460912964485513216";

    /** The API table (API.md): each method and path, and the service that serves it. */
    static Stream<Arguments> apiTable() {
        return Stream.of(
                Arguments.of("GET", "/health", LocalService.COMMAND),
                Arguments.of("GET", "/session/10/" + ADDRESS, LocalService.COMMAND),
                Arguments.of("POST", "/session", LocalService.COMMAND),
                Arguments.of("POST", "/session/refresh", LocalService.COMMAND),
                Arguments.of("DELETE", "/session", LocalService.COMMAND),
                Arguments.of("POST", "/compact", LocalService.COMMAND),
                Arguments.of("GET", "/session", LocalService.QUERY),
                Arguments.of("GET", "/compacts", LocalService.QUERY),
                Arguments.of("GET", "/compact/10/" + CLAIM_HASH, LocalService.QUERY),
                Arguments.of("GET", "/balance/10/" + LOCK_ID, LocalService.QUERY),
                Arguments.of("GET", "/balances", LocalService.QUERY),
                Arguments.of("GET", "/suggested-nonce/10", LocalService.QUERY),
                Arguments.of("GET", "/openapi.json", LocalService.QUERY),
                Arguments.of("GET", "/docs", LocalService.QUERY),
                Arguments.of("GET", "/docs/swagger-ui-bundle.js", LocalService.QUERY),
                Arguments.of("GET", "/docs/initializer.js", LocalService.QUERY),
                Arguments.of("GET", "/admin/keys", LocalService.COMMAND),
                Arguments.of("DELETE", "/admin/keys/0123456789abcdef", LocalService.COMMAND),
                Arguments.of("GET", "/admin/read-model/rebuild", LocalService.PROJECTOR),
                Arguments.of("POST", "/admin/read-model/rebuild", LocalService.PROJECTOR),
                Arguments.of("OPTIONS", "/admin/read-model/rebuild", LocalService.PROJECTOR),
                Arguments.of("GET", "/admin/signing", LocalService.COMMAND),
                Arguments.of("POST", "/admin/signing/pause", LocalService.COMMAND),
                Arguments.of("POST", "/admin/signing/resume", LocalService.COMMAND),
                Arguments.of("GET", "/admin/audit", LocalService.QUERY),
                Arguments.of("GET", "/admin/stats", LocalService.QUERY),
                Arguments.of("GET", "/admin/sponsors/0x70997970c51812dc3a010c7d01b50e0d17dc79c8", LocalService.QUERY),
                Arguments.of("GET", "/admin/dead-letters", LocalService.PROJECTOR),
                Arguments.of("POST", "/admin/dead-letters/0-12/replay", LocalService.PROJECTOR),
                Arguments.of("GET", "/admin/config/command", LocalService.COMMAND),
                Arguments.of("GET", "/admin/config/query", LocalService.QUERY),
                Arguments.of("GET", "/admin/config/projector", LocalService.PROJECTOR));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("apiTable")
    void routesEveryApiRouteToItsService(String method, String path, LocalService service) {
        assertThat(GatewayRoutes.route(method, path)).isEqualTo(new Proxy(service));
        if (method.equals("GET")) {
            assertThat(GatewayRoutes.route("HEAD", path)).isEqualTo(new Proxy(service));
        }
    }

    @Test
    void answersUnknownPathsWithAJsonNotFound() {
        for (String path : List.of(
                "/",
                "/nope",
                "/actuator/prometheus",
                "/actuator/health",
                "/session/10",
                "/session/10/" + ADDRESS + "/extra",
                "/compact/10",
                "/balance/10",
                "/suggested-nonce/10/extra",
                "/admin/signing/stop",
                "/v3/api-docs",
                "/swagger-ui/index.html",
                "/docs/a/b",
                "/.idempotent-compact")) {
            assertThat(GatewayRoutes.route("GET", path))
                    .as(path)
                    .isEqualTo(new Answer(404, "{\"error\":\"Not found\"}", null));
        }
    }

    @Test
    void passesPreflightsToTheServiceWhoseCorsPolicyAnswersThem() {
        assertThat(GatewayRoutes.route("OPTIONS", "/compact")).isEqualTo(new Proxy(LocalService.COMMAND));
        assertThat(GatewayRoutes.route("OPTIONS", "/session")).isEqualTo(new Proxy(LocalService.COMMAND));
        assertThat(GatewayRoutes.route("OPTIONS", "/compacts")).isEqualTo(new Proxy(LocalService.QUERY));
        assertThat(GatewayRoutes.route("OPTIONS", "/balance/10/" + LOCK_ID)).isEqualTo(new Proxy(LocalService.QUERY));
        assertThat(GatewayRoutes.route("OPTIONS", "/nope"))
                .isEqualTo(new Answer(404, "{\"error\":\"Not found\"}", null));
    }

    @Test
    void answersAMethodARouteDoesNotTakeWithAJson405AndTheMethodsItTakes() {
        record Wrong(String method, String path, String allow) {}
        for (Wrong wrong : List.of(
                new Wrong("PUT", "/session", "GET, HEAD, POST, DELETE"),
                new Wrong("PATCH", "/session", "GET, HEAD, POST, DELETE"),
                new Wrong("GET", "/session/refresh", "POST"),
                new Wrong("GET", "/compact", "POST"),
                new Wrong("DELETE", "/compact", "POST"),
                new Wrong("POST", "/compacts", "GET, HEAD"),
                new Wrong("POST", "/health", "GET, HEAD"),
                new Wrong("POST", "/session/10/" + ADDRESS, "GET, HEAD"),
                new Wrong("DELETE", "/compact/10/" + CLAIM_HASH, "GET, HEAD"),
                new Wrong("POST", "/balance/10/" + LOCK_ID, "GET, HEAD"),
                new Wrong("PUT", "/balances", "GET, HEAD"),
                new Wrong("POST", "/suggested-nonce/10", "GET, HEAD"),
                new Wrong("POST", "/openapi.json", "GET, HEAD"),
                new Wrong("PUT", "/docs", "GET, HEAD"),
                new Wrong("DELETE", "/docs/initializer.js", "GET, HEAD"))) {
            assertThat(GatewayRoutes.route(wrong.method(), wrong.path()))
                    .as(wrong.toString())
                    .isEqualTo(new Answer(405, "{\"error\":\"Method not allowed\"}", wrong.allow()));
        }
    }
}

package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.deployment.NginxConfig.Directive;
import dev.allocator.deployment.NginxRouter.Answered;
import dev.allocator.deployment.NginxRouter.Outcome;
import dev.allocator.deployment.NginxRouter.Proxied;
import dev.allocator.deployment.NginxRouter.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The gateway's nginx.conf, evaluated against the API table: every route reaches its side. */
class GatewayRoutesTest {
    static final String NGINX_CONF = "infra/deployment/gateway/nginx.conf";
    static final int PUBLIC_PORT = 3000;

    private static final String CLAIM_HASH = "0x" + "ab".repeat(32);
    private static final String ADDRESS = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String LOCK_ID = "21267647932558653966460912964485513216";

    private static Directive config;
    private static NginxRouter router;

    @BeforeAll
    static void load() {
        config = NginxConfig.parse(RepoFiles.read(NGINX_CONF));
        router = new NginxRouter(config, PUBLIC_PORT);
    }

    /** The API table (API.md): each method and path, with an example, and the side that serves it. */
    static Stream<Arguments> apiTable() {
        return Stream.of(
                Arguments.of("GET", "/health", "command"),
                Arguments.of("GET", "/session/10/" + ADDRESS, "command"),
                Arguments.of("POST", "/session", "command"),
                Arguments.of("POST", "/session/refresh", "command"),
                Arguments.of("DELETE", "/session", "command"),
                Arguments.of("POST", "/compact", "command"),
                Arguments.of("GET", "/session", "query"),
                Arguments.of("GET", "/compacts", "query"),
                Arguments.of("GET", "/compact/10/" + CLAIM_HASH, "query"),
                Arguments.of("GET", "/balance/10/" + LOCK_ID, "query"),
                Arguments.of("GET", "/balances", "query"),
                Arguments.of("GET", "/suggested-nonce/10", "query"),
                Arguments.of("GET", "/openapi.json", "query"),
                Arguments.of("GET", "/docs", "query"),
                Arguments.of("GET", "/docs/swagger-ui-bundle.js", "query"),
                Arguments.of("GET", "/docs/initializer.js", "query"),
                Arguments.of("GET", "/admin/keys", "command"),
                Arguments.of("DELETE", "/admin/keys/0123456789abcdef", "command"),
                Arguments.of("GET", "/admin/read-model/rebuild", "projector"),
                Arguments.of("POST", "/admin/read-model/rebuild", "projector"),
                Arguments.of("GET", "/admin/signing", "command"),
                Arguments.of("POST", "/admin/signing/pause", "command"),
                Arguments.of("POST", "/admin/signing/resume", "command"),
                Arguments.of("GET", "/admin/audit", "query"),
                Arguments.of("GET", "/admin/stats", "query"),
                Arguments.of("GET", "/admin/sponsors/0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "query"),
                Arguments.of("GET", "/admin/dead-letters", "projector"),
                Arguments.of("POST", "/admin/dead-letters/0-12/replay", "projector"),
                Arguments.of("GET", "/admin/config/command", "command"),
                Arguments.of("GET", "/admin/config/query", "query"),
                Arguments.of("GET", "/admin/config/projector", "projector"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("apiTable")
    void routesEveryApiRouteToItsSide(String method, String path, String side) {
        Outcome outcome = router.route(new Request(method, path));

        assertThat(outcome).isInstanceOf(Proxied.class);
        Proxied proxied = (Proxied) outcome;
        assertThat(proxied.upstream()).isEqualTo(side);
        assertThat(proxied.uri()).isEqualTo(path);
    }

    @ParameterizedTest(name = "HEAD {1} -> {2}")
    @MethodSource("apiTable")
    void routesHeadLikeGet(String method, String path, String side) {
        if (method.equals("GET")) {
            assertThat(router.route(new Request("HEAD", path)))
                    .isInstanceOfSatisfying(
                            Proxied.class, p -> assertThat(p.upstream()).isEqualTo(side));
        }
    }

    @ParameterizedTest(name = "OPTIONS {1} -> {2}")
    @MethodSource("apiTable")
    void passesPreflightsToTheServiceWhoseCorsPolicyAnswersThem(String method, String path, String side) {
        Outcome outcome = router.route(new Request("OPTIONS", path));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Proxied.class,
                        p -> assertThat(p.upstream()).isEqualTo(path.equals("/session") ? "command" : side));
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
            Outcome outcome = router.route(new Request("GET", path));
            assertThat(outcome).as(path).isInstanceOf(Answered.class);
            Answered answered = (Answered) outcome;
            assertThat(answered.status()).as(path).isEqualTo(404);
            // The internal location's 404 is nginx's own; error_page 404 (checked below) makes it JSON.
            if (!path.equals("/.idempotent-compact")) {
                assertThat(errorOf(answered)).as(path).isNotBlank();
            }
        }
    }

    @Test
    void answersAMethodARouteDoesNotTakeWithAJson405() {
        List<Request> wrongMethods = List.of(
                new Request("PUT", "/session"),
                new Request("PATCH", "/session"),
                new Request("GET", "/session/refresh"),
                new Request("GET", "/compact"),
                new Request("DELETE", "/compact"),
                new Request("POST", "/compacts"),
                new Request("POST", "/health"),
                new Request("POST", "/session/10/" + ADDRESS),
                new Request("DELETE", "/compact/10/" + CLAIM_HASH),
                new Request("POST", "/balance/10/" + LOCK_ID),
                new Request("PUT", "/balances"),
                new Request("POST", "/suggested-nonce/10"),
                new Request("POST", "/openapi.json"),
                new Request("PUT", "/docs"),
                new Request("DELETE", "/docs/initializer.js"));
        for (Request request : wrongMethods) {
            Outcome outcome = router.route(request);
            assertThat(outcome).as(request.toString()).isInstanceOf(Answered.class);
            assertThat(((Answered) outcome).status()).as(request.toString()).isEqualTo(405);
            assertThat(errorOf((Answered) outcome)).isNotBlank();
        }
    }

    @Test
    void retriesPostCompactOnTheOtherReplicaOnlyWithAnIdempotencyKey() {
        Proxied withKey = (Proxied) router.route(new Request("POST", "/compact", Map.of("Idempotency-Key", "order-1")));
        Proxied withoutKey = (Proxied) router.route(new Request("POST", "/compact"));

        assertThat(withKey.upstream()).isEqualTo("command");
        assertThat(withKey.uri()).isEqualTo("/compact");
        assertThat(withKey.retriesNonIdempotent()).isTrue();
        assertThat(withKey.nextUpstream()).contains("error", "timeout", "http_502");
        assertThat(withoutKey.retriesNonIdempotent()).isFalse();
    }

    @Test
    void passesPreflightsOfOperatorRoutesToTheServiceThatOwnsThem() {
        assertThat(router.route(new Request("OPTIONS", "/admin/keys")))
                .isInstanceOfSatisfying(
                        Proxied.class, p -> assertThat(p.upstream()).isEqualTo("command"));
        assertThat(router.route(new Request("OPTIONS", "/admin/read-model/rebuild")))
                .isInstanceOfSatisfying(
                        Proxied.class, p -> assertThat(p.upstream()).isEqualTo("projector"));
        assertThat(router.route(new Request("OPTIONS", "/admin/audit")))
                .isInstanceOfSatisfying(
                        Proxied.class, p -> assertThat(p.upstream()).isEqualTo("query"));
    }

    @Test
    void retriesIdempotentRequestsButNeverAPlainPost() {
        for (Arguments row : apiTable().toList()) {
            Object[] args = row.get();
            Proxied proxied = (Proxied) router.route(new Request((String) args[0], (String) args[1]));
            assertThat(proxied.nextUpstream()).as("%s %s", args[0], args[1]).contains("error", "timeout", "http_502");
            assertThat(proxied.retriesNonIdempotent())
                    .as("%s %s", args[0], args[1])
                    .isFalse();
        }
    }

    @Test
    void balancesTheCommandSideOverBothReplicasAndTheQuerySideOverTheQueryService() {
        Compose compose = Compose.load();
        Set<String> commandServers = new TreeSet<>();
        Set<String> queryServers = new TreeSet<>();
        compose.services().values().forEach(service -> {
            if (service.module().orElse("").equals("command-service")) {
                commandServers.add(
                        service.name() + ":" + service.containerPort().orElseThrow());
            }
            if (service.module().orElse("").equals("query-service")) {
                queryServers.add(service.name() + ":" + service.containerPort().orElseThrow());
            }
        });

        assertThat(commandServers).containsExactly("command-service-1:3001", "command-service-2:3001");
        assertThat(router.upstreams().get("command")).containsExactlyInAnyOrderElementsOf(commandServers);
        assertThat(router.upstreams().get("query")).containsExactlyInAnyOrderElementsOf(queryServers);
        assertThat(router.upstreams().get("projector")).containsExactly("projector:3003");
        assertThat(router.upstreams().keySet()).containsExactlyInAnyOrder("command", "query", "projector");
    }

    @Test
    void listensOnThePublishedPortOfTheGateway() {
        assertThat(Compose.load().service("gateway").ports()).containsExactly(PUBLIC_PORT + ":" + PUBLIC_PORT);
        assertThat(router.server().all("listen")).extracting(d -> d.arg(0)).containsExactly("3000");
    }

    @Test
    void limitsBodiesTo64KilobytesAndWritesItsOwnErrorsInJson() {
        assertThat(router.server().first("client_max_body_size").orElseThrow().arg(0))
                .isEqualTo("64k");
        Map<String, Directive> named = new java.util.HashMap<>();
        router.server().all("location").stream()
                .filter(l -> l.arg(0).startsWith("@"))
                .forEach(l -> named.put(l.arg(0), l));
        List<String> pages = new ArrayList<>();
        for (Directive errorPage : router.server().all("error_page")) {
            String target = errorPage.arg(errorPage.args().size() - 1);
            assertThat(named).as("error_page target " + target).containsKey(target);
            Directive answer = named.get(target).first("return").orElseThrow();
            assertThat(errorOf(new Answered(Integer.parseInt(answer.arg(0)), answer.arg(1))))
                    .isNotBlank();
            pages.add(errorPage.arg(0));
        }
        assertThat(pages).contains("404", "413", "502", "504");
    }

    @Test
    void passesTheClientsSessionIdempotencyAndTraceHeadersThrough() {
        for (Directive scope : List.of(config.first("http").orElseThrow(), router.server())) {
            assertThat(scope.all("proxy_pass_request_headers"))
                    .allSatisfy(d -> assertThat(d.arg(0)).isEqualTo("on"));
            assertThat(scope.all("proxy_set_header"))
                    .extracting(d -> d.arg(0).toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("x-session-id", "idempotency-key", "traceparent");
            assertThat(scope.all("underscores_in_headers")).isEmpty();
            assertThat(scope.all("ignore_invalid_headers")).isEmpty();
        }
    }

    @Test
    void waitsLongerThanTheCommandServiceWaitsForADecision() {
        JsonNode settings = RepoFiles.yaml("command-service/src/main/resources/allocator-command.yml");
        Duration replyTimeout = duration(settings.path("allocator")
                .path("messaging")
                .path("reply-timeout")
                .asString());
        Duration readTimeout = duration(
                router.server().first("proxy_read_timeout").orElseThrow().arg(0));

        assertThat(readTimeout).isGreaterThan(replyTimeout.multipliedBy(2));
    }

    @Test
    void everyAnswerTheGatewayWritesItselfIsJson() {
        List<Directive> returns = new ArrayList<>();
        collect(router.server(), "return", returns);
        assertThat(returns).isNotEmpty();
        for (Directive answer : returns) {
            assertThat(answer.args()).as(answer.toString()).hasSize(2);
            assertThat(RepoFiles.parseJson(answer.arg(1)).isObject())
                    .as(answer.toString())
                    .isTrue();
        }
        assertThat(config.first("http")
                        .orElseThrow()
                        .first("default_type")
                        .orElseThrow()
                        .arg(0))
                .isEqualTo("application/json");
    }

    private static void collect(Directive scope, String name, List<Directive> into) {
        if (!scope.isBlock()) {
            return;
        }
        for (Directive child : scope.children()) {
            if (child.name().equals(name)) {
                into.add(child);
            }
            collect(child, name, into);
        }
    }

    private static String errorOf(Answered answered) {
        return RepoFiles.parseJson(answered.body()).path("error").asString();
    }

    /** An nginx or Spring duration: 30s, 500ms, 2m. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}

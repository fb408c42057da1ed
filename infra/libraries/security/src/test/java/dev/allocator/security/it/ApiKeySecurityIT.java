package dev.allocator.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.security.ApiKey;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.security.StoredKey;
import dev.allocator.security.otp.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The security chain of a real service (Tomcat, Spring Security) over a real PostgreSQL. */
class ApiKeySecurityIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ConfigurableApplicationContext context;
    static String base;
    static KeyAdministration keys;
    static ApiKeyStore store;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        String url = TestDatabase.freshDatabaseUrl();
        context = new SpringApplicationBuilder(TestApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--allocator.security.keys-endpoint=true",
                        "--allocator.security.usage-flush-interval=1h");
        base = "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
        store = context.getBean(ApiKeyStore.class);
        keys = new KeyAdministration(store, Clock.systemUTC(), new SecureRandom());
        jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    static String key(Role role) {
        return keys.create(role, null, false, "test").key().text();
    }

    static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String key) throws Exception {
        return send("GET", path, key == null ? Map.of() : Map.of("X-API-Key", key));
    }

    static String code(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("code").asString();
    }

    @Nested
    class WithoutAKey {
        @Test
        void adminPathsAnswer401ApiKeyRequired() throws Exception {
            HttpResponse<String> response = get("/admin/read-model/rebuild", null);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(JSON.readTree(response.body()).path("error").asString()).isEqualTo("API key required");
            assertThat(code(response)).isEqualTo("API_KEY_REQUIRED");
            assertThat(code(get("/admin/keys", null))).isEqualTo("API_KEY_REQUIRED");
            assertThat(code(get("/admin/anything-else", null))).isEqualTo("API_KEY_REQUIRED");
        }

        @Test
        void publicApiAndPreflightsStayOpen() throws Exception {
            assertThat(get("/public", null).statusCode()).isEqualTo(200);
            assertThat(send("OPTIONS", "/admin/keys", Map.of("Origin", "http://example.test"))
                            .statusCode())
                    .isNotIn(401, 403);
        }

        @Test
        void writesNoSecurityHeadersOfItsOwn() throws Exception {
            HttpResponse<String> response = get("/public", null);

            assertThat(response.headers().map().keySet())
                    .noneMatch(h -> h.equalsIgnoreCase("X-Frame-Options")
                            || h.equalsIgnoreCase("Set-Cookie")
                            || h.equalsIgnoreCase("WWW-Authenticate"));
        }
    }

    @Nested
    class WithABadKey {
        @Test
        void unknownOrWrongOrMalformedKeysAnswer401InvalidApiKeyEvenOnPublicPaths() throws Exception {
            String real = key(Role.ADMIN);
            ApiKey parsed = ApiKey.parse(real).orElseThrow();
            String wrongSecret = new ApiKey(parsed.keyId(), "A".repeat(43)).text();
            String unknown = ApiKey.generate(new SecureRandom()).text();

            for (String bad : List.of(wrongSecret, unknown, "alk_nonsense", "Bearer-ish")) {
                HttpResponse<String> response = get("/admin/read-model/rebuild", bad);
                assertThat(response.statusCode()).as(bad).isEqualTo(401);
                assertThat(code(response)).isEqualTo("INVALID_API_KEY");
            }
            assertThat(code(get("/public", unknown))).isEqualTo("INVALID_API_KEY");
        }

        @Test
        void expiredKeyIsRefused() throws Exception {
            ApiKey key = ApiKey.generate(new SecureRandom());
            Instant past = Instant.now().minusSeconds(60);
            store.insert(new StoredKey(
                    key.keyId(), Role.ADMIN, key.hash(), past.minusSeconds(60), past, null, null, null, null, 0));

            HttpResponse<String> response = get("/admin/read-model/rebuild", key.text());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(code(response)).isEqualTo("INVALID_API_KEY");
        }

        @Test
        void revokedKeyIsRefusedAtOnceByTheInstanceThatRevokedIt() throws Exception {
            String auditor = key(Role.AUDITOR);
            String id = ApiKey.parse(auditor).orElseThrow().keyId();
            assertThat(get("/admin/read-model/rebuild", auditor).statusCode()).isEqualTo(200);

            HttpResponse<String> revoked = send("DELETE", "/admin/keys/" + id, Map.of("X-API-Key", key(Role.ADMIN)));

            assertThat(revoked.statusCode()).isEqualTo(204);
            HttpResponse<String> after = get("/admin/read-model/rebuild", auditor);
            assertThat(after.statusCode()).isEqualTo(401);
            assertThat(code(after)).isEqualTo("INVALID_API_KEY");
        }

        @Test
        void revokingAnUnknownKeyIs404() throws Exception {
            HttpResponse<String> response =
                    send("DELETE", "/admin/keys/0000000000000000", Map.of("X-API-Key", key(Role.ADMIN)));

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class Roles {
        @Test
        void auditorReadsButCannotRebuild() throws Exception {
            String auditor = key(Role.AUDITOR);

            assertThat(get("/admin/read-model/rebuild", auditor).statusCode()).isEqualTo(200);
            assertThat(send("HEAD", "/admin/read-model/rebuild", Map.of("X-API-Key", auditor))
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> post = send("POST", "/admin/read-model/rebuild", Map.of("X-API-Key", auditor));
            assertThat(post.statusCode()).isEqualTo(403);
            assertThat(code(post)).isEqualTo("FORBIDDEN_ROLE");
        }

        @Test
        void operatorRebuildsThroughEitherHeader() throws Exception {
            String operator = key(Role.OPERATOR);

            assertThat(send("POST", "/admin/read-model/rebuild", Map.of("X-API-Key", operator))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send("POST", "/admin/read-model/rebuild", Map.of("Authorization", "Bearer " + operator))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(code(get("/admin/keys", operator))).isEqualTo("FORBIDDEN_ROLE");
        }

        @Test
        void adminInheritsEveryRole() throws Exception {
            String admin = key(Role.ADMIN);

            assertThat(get("/admin/read-model/rebuild", admin).statusCode()).isEqualTo(200);
            assertThat(send("POST", "/admin/read-model/rebuild", Map.of("Authorization", "Bearer " + admin))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get("/admin/keys", admin).statusCode()).isEqualTo(200);
        }

        @Test
        void partnerKeyIsAcceptedOnThePublicApiButHasNoOperatorRights() throws Exception {
            String partner = key(Role.PARTNER);

            assertThat(get("/public", partner).statusCode()).isEqualTo(200);
            assertThat(code(get("/admin/read-model/rebuild", partner))).isEqualTo("FORBIDDEN_ROLE");
        }
    }

    @Nested
    class SecondFactor {
        KeyAdministration.Created enrolled() {
            return keys.create(Role.OPERATOR, null, true, "with totp");
        }

        String currentCode(KeyAdministration.Created created) {
            String secret = created.otpauthUri().orElseThrow().replaceAll(".*secret=([A-Z2-7]+).*", "$1");
            return Totp.code(secret, Instant.now());
        }

        @Test
        void destructiveActionWithoutCodeIs401OtpRequired() throws Exception {
            HttpResponse<String> response = send(
                    "POST",
                    "/admin/read-model/rebuild",
                    Map.of("X-API-Key", enrolled().key().text()));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(code(response)).isEqualTo("OTP_REQUIRED");
        }

        @Test
        void wrongCodeIs401InvalidOtp() throws Exception {
            KeyAdministration.Created created = enrolled();
            String wrong = currentCode(created).equals("000000") ? "111111" : "000000";

            HttpResponse<String> response = send(
                    "POST",
                    "/admin/read-model/rebuild",
                    Map.of("X-API-Key", created.key().text(), "X-Admin-OTP", wrong));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(code(response)).isEqualTo("INVALID_OTP");
        }

        @Test
        void currentCodeIsAcceptedOnceAndRefusedWhenReplayed() throws Exception {
            KeyAdministration.Created created = enrolled();
            Map<String, String> headers =
                    Map.of("X-API-Key", created.key().text(), "X-Admin-OTP", currentCode(created));

            assertThat(send("POST", "/admin/read-model/rebuild", headers).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> replay = send("POST", "/admin/read-model/rebuild", headers);
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(code(replay)).isEqualTo("INVALID_OTP");
        }

        @Test
        void readsNeedNoCode() throws Exception {
            assertThat(get("/admin/read-model/rebuild", enrolled().key().text()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Usage {
        @Test
        void adminSeesUseCountsAndLastUseButNeverHashesOrSecrets() throws Exception {
            String auditor = key(Role.AUDITOR);
            String id = ApiKey.parse(auditor).orElseThrow().keyId();
            for (int i = 0; i < 3; i++) {
                get("/admin/read-model/rebuild", auditor);
            }

            HttpResponse<String> list = get("/admin/keys", key(Role.ADMIN));

            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode entry = null;
            for (JsonNode k : JSON.readTree(list.body()).path("keys")) {
                if (k.path("id").asString().equals(id)) {
                    entry = k;
                }
            }
            assertThat(entry).isNotNull();
            assertThat(entry.path("useCount").asLong()).isEqualTo(3);
            assertThat(entry.path("lastUsedAt").asString()).isNotBlank();
            assertThat(entry.path("role").asString()).isEqualTo("auditor");
            assertThat(entry.path("totpEnrolled").asBoolean()).isFalse();
            assertThat(entry.has("hash")).isFalse();
            assertThat(list.body())
                    .doesNotContain(ApiKey.parse(auditor).orElseThrow().secret());
        }

        @Test
        void tableHoldsOnlyTheHash() {
            String text = key(Role.AUDITOR);
            ApiKey key = ApiKey.parse(text).orElseThrow();

            Map<String, Object> row =
                    jdbc.queryForMap("SELECT * FROM allocator_security.api_keys WHERE id = ?", key.keyId());

            assertThat((byte[]) row.get("hash")).isEqualTo(key.hash());
            assertThat(row.values().stream().map(String::valueOf))
                    .noneMatch(v -> v.contains(key.secret()) || v.contains(text));
        }
    }
}

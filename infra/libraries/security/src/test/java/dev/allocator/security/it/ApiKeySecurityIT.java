package dev.allocator.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.testing.postgres.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
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
        String url = TestPostgres.freshDatabaseUrl();
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
        void writesNoSecurityHeadersOfItsOwnOnlyTheHttpLayersOnce() throws Exception {
            HttpResponse<String> response = get("/admin/keys", null);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
            assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
            assertThat(response.headers().map().keySet())
                    .noneMatch(h -> h.equalsIgnoreCase("Set-Cookie")
                            || h.equalsIgnoreCase("WWW-Authenticate")
                            || h.equalsIgnoreCase("Pragma"));
        }
    }
}

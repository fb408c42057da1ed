package dev.allocator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The CORS policy and the security headers, through every filter this module registers. */
@SpringBootTest(
        classes = PerimeterHeadersTest.App.class,
        properties = "allocator.cors.allowed-origins=https://wallet.example, http://localhost:5173")
@AutoConfigureMockMvc
class PerimeterHeadersTest {
    private static final String ALLOWED = "https://wallet.example";
    private static final String FOREIGN = "https://evil.example";

    @Autowired
    MockMvc mvc;

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredByThePolicyBeforeAnyHandler() throws Exception {
        MockHttpServletResponse answer = mvc.perform(options("/compact")
                        .header("Origin", ALLOWED)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type, x-session-id, idempotency-key"))
                .andReturn()
                .getResponse();

        assertThat(answer.getStatus()).isEqualTo(204);
        assertThat(answer.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(answer.getHeader("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, POST, DELETE");
        assertThat(answer.getHeader("Access-Control-Allow-Headers"))
                .isEqualTo("content-type, x-session-id, idempotency-key");
        assertThat(answer.getHeader("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(answer.getHeader("Access-Control-Allow-Credentials")).isNull();
        assertThat(answer.getHeaders("Vary")).contains("Origin");
    }

    @Test
    void aPreflightFromAnotherOriginGetsAJson403AndNoAllowHeaders() throws Exception {
        MockHttpServletResponse answer = mvc.perform(
                        options("/compact").header("Origin", FOREIGN).header("Access-Control-Request-Method", "POST"))
                .andReturn()
                .getResponse();

        assertThat(answer.getStatus()).isEqualTo(403);
        assertThat(answer.getContentAsString())
                .isEqualTo("{\"error\":\"Cross-origin request not allowed\",\"code\":\"CORS_NOT_ALLOWED\"}");
        assertThat(answer.getHeaderNames()).noneMatch(name -> name.startsWith("Access-Control-"));
    }

    @Test
    void aPreflightForAMethodOrHeaderThePolicyDoesNotNameIsRefusedEvenFromAnAllowedOrigin() throws Exception {
        MockHttpServletResponse put = mvc.perform(
                        options("/compact").header("Origin", ALLOWED).header("Access-Control-Request-Method", "PUT"))
                .andReturn()
                .getResponse();
        MockHttpServletResponse header = mvc.perform(options("/compact")
                        .header("Origin", ALLOWED)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "x-session-id, x-admin-otp"))
                .andReturn()
                .getResponse();
        MockHttpServletResponse blank = mvc.perform(
                        options("/compact").header("Origin", ALLOWED).header("Access-Control-Request-Method", " "))
                .andReturn()
                .getResponse();

        assertThat(put.getStatus()).isEqualTo(403);
        assertThat(header.getStatus()).isEqualTo(403);
        assertThat(blank.getStatus()).isEqualTo(403);
        assertThat(put.getHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(header.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anActualRequestFromAnAllowedOriginMayReadTheAnswerAndTheRateLimitHeaders() throws Exception {
        MockHttpServletResponse answer = mvc.perform(get("/thing").header("Origin", "http://localhost:5173"))
                .andReturn()
                .getResponse();

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(answer.getHeader("Access-Control-Expose-Headers"))
                .contains("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After");
    }

    @Test
    void anActualRequestFromAnotherOriginIsServedWithoutAllowOriginSoABrowserWithholdsIt() throws Exception {
        MockHttpServletResponse answer =
                mvc.perform(get("/thing").header("Origin", FOREIGN)).andReturn().getResponse();

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeaderNames()).noneMatch(name -> name.startsWith("Access-Control-"));
        assertThat(answer.getHeaders("Vary")).contains("Origin");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersErrorsWrittenByFiltersIncluded() throws Exception {
        MockHttpServletResponse ok = mvc.perform(get("/thing")).andReturn().getResponse();
        MockHttpServletResponse unsupported = mvc.perform(
                        post("/echo").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andReturn()
                .getResponse();
        MockHttpServletResponse missing =
                mvc.perform(get("/nothing-here")).andReturn().getResponse();

        assertThat(unsupported.getStatus()).isEqualTo(415);
        assertThat(missing.getStatus()).isEqualTo(404);
        for (MockHttpServletResponse answer : new MockHttpServletResponse[] {ok, unsupported, missing}) {
            assertThat(answer.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(answer.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.getHeader("Content-Security-Policy"))
                    .isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(answer.getHeader("Server")).isNull();
        }
    }

    @Test
    void withoutConfiguredOriginsNoOriginIsAllowed() {
        CorsProperties none =
                new CorsProperties(List.of(" "), List.of("GET"), List.of(), List.of(), false, Duration.ofMinutes(10));

        assertThat(none.allowedOrigins()).isEmpty();
    }

    @Test
    void aWildcardOriginIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new CorsProperties(
                        List.of("*"), List.of("GET"), List.of(), List.of(), false, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'*'");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Endpoints.class)
    static class App {}

    @RestController
    static class Endpoints {
        @GetMapping("/thing")
        String thing() {
            return "{\"ok\":true}";
        }

        @PostMapping("/compact")
        String compact(@RequestBody String body) {
            return body;
        }

        @PostMapping("/echo")
        String echo(@RequestBody String body) {
            return body;
        }
    }
}

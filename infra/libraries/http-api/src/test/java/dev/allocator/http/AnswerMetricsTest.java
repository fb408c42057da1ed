package dev.allocator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * allocator_http_errors_total and the answer listeners on a real Tomcat: route templates, API error
 * codes, and the refusals of {@link ApiRequestFilter}, which Spring MVC never sees.
 */
@SpringBootTest(classes = AnswerMetricsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnswerMetricsTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Answers answers() {
            return new Answers();
        }

        @Bean
        Things things() {
            return new Things();
        }
    }

    static final class Answers implements AnswerListener {
        final List<Answer> seen = new CopyOnWriteArrayList<>();

        @Override
        public void answered(Answer answer) {
            seen.add(answer);
        }
    }

    @RestController
    static class Things {
        @GetMapping("/things/{id}")
        Map<String, String> thing(@PathVariable String id) {
            if (id.equals("missing")) {
                throw new ApiException(CommonErrorCode.NOT_FOUND);
            }
            if (id.equals("broken")) {
                throw new IllegalStateException("a bug");
            }
            return Map.of("id", id);
        }

        @PostMapping("/things")
        Map<String, String> create(@RequestBody Map<String, String> body) {
            return body;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    Answers answers;

    @Test
    void countsAnErrorByItsRouteTemplateAndCode() throws Exception {
        assertThat(send("GET", "/things/missing", null).statusCode()).isEqualTo(404);

        awaitCount("GET", "/things/{id}", "404", "NOT_FOUND", 1);
    }

    @Test
    void countsARefusalOfTheRequestFilterThatSpringMvcNeverSees() throws Exception {
        assertThat(send("POST", "/things", "text/plain").statusCode()).isEqualTo(415);

        awaitCount("POST", "UNKNOWN", "415", "UNSUPPORTED_MEDIA_TYPE", 1);
        Answer refused = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> answers.seen.stream()
                                .filter(a -> a.status() == 415)
                                .findFirst()
                                .orElse(null),
                        a -> a != null);
        assertThat(refused.is("POST", "/things")).isTrue();
        assertThat(refused.outcome()).isEqualTo(Answer.Outcome.REJECTED);
    }

    @Test
    void countsAFaultAsA500AndAnUnknownPathAsNotFoundUnderTheRouteSpringChose() throws Exception {
        assertThat(send("GET", "/things/broken", null).statusCode()).isEqualTo(500);
        assertThat(send("GET", "/nowhere/at/all", null).statusCode()).isEqualTo(404);

        awaitCount("GET", "/things/{id}", "500", "INTERNAL_ERROR", 1);
        // As in http_server_requests: Spring's static-resource handler takes unknown paths as "/**".
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(registry.find("allocator.http.errors")
                                .tags("method", "GET", "status", "404", "code", "NOT_FOUND")
                                .counters())
                        .extracting(c -> c.getId().getTag("uri"))
                        .contains("/**"));
    }

    @Test
    void tellsListenersOfSuccessesWithTheirRouteAndLeavesTheActuatorAlone() throws Exception {
        assertThat(send("GET", "/things/7", null).statusCode()).isEqualTo(200);
        send("GET", "/actuator/anything", null);

        Answer ok = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> answers.seen.stream()
                                .filter(a -> a.path().equals("/things/7"))
                                .findFirst()
                                .orElse(null),
                        a -> a != null);
        assertThat(ok.route()).contains("/things/{id}");
        assertThat(ok.outcome()).isEqualTo(Answer.Outcome.OK);
        assertThat(ok.errorCode()).isEmpty();
        assertThat(ok.nanos()).isPositive();
        assertThat(answers.seen).noneMatch(a -> a.path().startsWith("/actuator"));
        assertThat(registry.find("allocator.http.errors")
                        .tag("uri", "/things/{id}")
                        .tag("status", "200")
                        .counter())
                .isNull();
    }

    private void awaitCount(String method, String uri, String status, String code, double expected) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Counter counter = registry.find("allocator.http.errors")
                    .tags("method", method, "uri", uri, "status", status, "code", code)
                    .counter();
            assertThat(counter)
                    .as(method + " " + uri + " " + status + " " + code)
                    .isNotNull();
            assertThat(counter.count()).isEqualTo(expected);
        });
    }

    private HttpResponse<String> send(String method, String path, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (contentType != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

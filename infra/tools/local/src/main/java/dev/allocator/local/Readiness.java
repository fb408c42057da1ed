package dev.allocator.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Waits until every service answers its readiness probe ({@code /actuator/health/readiness}) with
 * 200, as a load balancer or compose's health check would see it. The command service is ready
 * only once its sponsor processor runs and its reply listener is positioned, so the runner's
 * banner never promises an API that would keep its first requests waiting.
 */
final class Readiness {
    static final String PATH = "/actuator/health/readiness";
    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @throws IllegalStateException naming the services not ready when {@code timeout} passes
     */
    void await(Map<LocalService, URI> services, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<LocalService, URI> service : services.entrySet()) {
            String last = "no answer";
            while (true) {
                HttpResponse<String> answer = probe(service.getValue());
                if (answer != null && answer.statusCode() == 200) {
                    break;
                }
                if (answer != null) {
                    last = answer.statusCode() + " " + answer.body();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.getKey().serviceName() + " was not ready within "
                            + timeout.toSeconds() + " s; its readiness probe answered: " + last);
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private HttpResponse<String> probe(URI service) throws InterruptedException {
        try {
            return http.send(
                    HttpRequest.newBuilder(service.resolve(PATH))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }
}

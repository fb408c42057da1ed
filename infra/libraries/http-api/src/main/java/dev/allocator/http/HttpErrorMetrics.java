package dev.allocator.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code allocator_http_errors_total{method,uri,status,code}}: every error answer (status 400 and
 * above) of the API, by endpoint and API error code. The {@code uri} is the route template, as in
 * {@code http_server_requests}; a request refused before a route was chosen is {@code UNKNOWN} (or
 * {@code NOT_FOUND}). An answer without an API error code (none of ours) has code {@code none}.
 */
final class HttpErrorMetrics implements AnswerListener {

    private final MeterRegistry registry;

    HttpErrorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(Answer answer) {
        if (answer.status() < 400) {
            return;
        }
        Counter.builder("allocator.http.errors")
                .description("Error answers of the API by method, route template, status and API error code")
                .tag("method", answer.method())
                .tag("uri", answer.uri())
                .tag("status", Integer.toString(answer.status()))
                .tag("code", answer.errorCode().orElse("none"))
                .register(registry)
                .increment();
    }
}

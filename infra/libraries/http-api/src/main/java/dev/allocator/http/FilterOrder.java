package dev.allocator.http;

import org.springframework.core.Ordered;

/**
 * Where this module's filters stand among Spring Boot's. The answer metrics come first, so they
 * time and count everything. Boot's server observation (metrics and the request's span) is at
 * {@code HIGHEST_PRECEDENCE + 1}; the access log runs inside it, so its line has the trace id, and
 * the security headers next, so every answer written after them carries them; then the CORS
 * policy, which answers preflights before anything else can refuse them; then the API's request
 * checks, so a refused request is still observed and logged.
 */
final class FilterOrder {
    static final int ANSWER_METRICS = Ordered.HIGHEST_PRECEDENCE;
    static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 2;
    static final int RESPONSE_HEADERS = Ordered.HIGHEST_PRECEDENCE + 3;
    static final int CORS = Ordered.HIGHEST_PRECEDENCE + 4;
    static final int API_REQUEST = Ordered.HIGHEST_PRECEDENCE + 5;

    private FilterOrder() {}
}

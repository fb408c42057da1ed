package dev.allocator.http;

import org.springframework.core.Ordered;

/**
 * Where this module's filters stand among Spring Boot's. The answer metrics come first, so they
 * time and count everything. Boot's server observation (metrics and the request's span) is at
 * {@code HIGHEST_PRECEDENCE + 1}; the access log runs inside it, so its line has the trace id, and
 * the API's request checks inside that, so a refused request is still observed and logged. Later,
 * outside this module: Spring Security's chain at -100 (API keys), the rate limit at -90 (it reads
 * the key Security authenticated), the command service's admission at -80 (a refused request never
 * holds an in-flight permit).
 */
final class FilterOrder {
    static final int ANSWER_METRICS = Ordered.HIGHEST_PRECEDENCE;
    static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 2;
    static final int API_REQUEST = Ordered.HIGHEST_PRECEDENCE + 3;

    private FilterOrder() {}
}

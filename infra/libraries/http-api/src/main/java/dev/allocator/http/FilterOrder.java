package dev.allocator.http;

import org.springframework.core.Ordered;

/**
 * Where this module's filters stand among Spring Boot's. The answer metrics come first, so they
 * time and count everything. Boot's server observation (metrics and the request's span) is at
 * {@code HIGHEST_PRECEDENCE + 1}; the access log runs inside it, so its line has the trace id, and
 * the security headers next, so every answer written after them carries them; then the CORS
 * policy, which answers preflights before anything else can refuse them; then the API's request
 * checks, so a refused request is still observed and logged.
 *
 * <p>Later, outside this module: Spring Security's chain (API keys and roles, the security library)
 * at Boot's default {@code spring.security.filter.order}, {@link #SECURITY}, so a 401 or 403 is
 * timed, counted and logged like any other answer and carries the security headers, and a
 * malformed request is refused before a key is looked up; the rate limit at -90 (it reads the key
 * Security authenticated); the command service's admission at -80 (a refused request never holds
 * an in-flight permit).
 */
final class FilterOrder {
    static final int ANSWER_METRICS = Ordered.HIGHEST_PRECEDENCE;
    static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 2;
    static final int RESPONSE_HEADERS = Ordered.HIGHEST_PRECEDENCE + 3;
    static final int CORS = Ordered.HIGHEST_PRECEDENCE + 4;
    static final int API_REQUEST = Ordered.HIGHEST_PRECEDENCE + 5;
    /** Boot's {@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}, kept by the security library. */
    static final int SECURITY = -100;

    private FilterOrder() {}
}

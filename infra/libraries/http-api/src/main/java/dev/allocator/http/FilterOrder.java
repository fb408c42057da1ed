package dev.allocator.http;

import org.springframework.core.Ordered;

/**
 * Where this module's filters stand among Spring Boot's. The answer metrics come first, so they
 * time and count everything. Boot's server observation (metrics and the request's span) is at
 * {@code HIGHEST_PRECEDENCE + 1}; the access log runs inside it, so its line has the trace id, and
 * the API's request checks inside that, so a refused request is still observed and logged.
 *
 * <p>Spring Security's chain (API keys and roles, the security library) stands after all of these
 * at Boot's default {@code spring.security.filter.order}, {@link #SECURITY}: a 401 or 403 is timed,
 * counted and logged like any other answer, and a malformed request is refused before a key is
 * looked up.
 */
final class FilterOrder {
    static final int ANSWER_METRICS = Ordered.HIGHEST_PRECEDENCE;
    static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 2;
    static final int API_REQUEST = Ordered.HIGHEST_PRECEDENCE + 3;
    /** Boot's {@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}, kept by the security library. */
    static final int SECURITY = -100;

    private FilterOrder() {}
}

package dev.allocator.ratelimit;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

/**
 * The IETF draft's {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 * (seconds until the bucket is full), plus {@code Retry-After} (seconds) on a refusal. When two
 * limits apply (client and sponsor), the one closest to refusing is reported.
 */
public final class RateLimitHeaders {
    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";

    private RateLimitHeaders() {}

    static void apply(HttpServletResponse response, Verdict verdict) {
        response.setHeader(LIMIT, Long.toString(verdict.limit()));
        response.setHeader(REMAINING, Long.toString(verdict.remaining()));
        response.setHeader(RESET, Long.toString(verdict.resetSeconds()));
        if (!verdict.allowed()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
        }
    }

    static void applyTightest(HttpServletResponse response, Verdict verdict) {
        String current = response.getHeader(REMAINING);
        if (!verdict.allowed() || current == null || Long.parseLong(current) >= verdict.remaining()) {
            apply(response, verdict);
        }
    }
}

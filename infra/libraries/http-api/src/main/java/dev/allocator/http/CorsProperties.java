package dev.allocator.http;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which web origins other than the API's own may call it from a browser. Empty origins (the
 * default) means none: a same-origin page needs no CORS, and a deployment opens itself to another
 * origin by naming it ({@code ALLOCATOR_CORS_ALLOWED_ORIGINS}, comma-separated).
 *
 * @param allowedOrigins exact origins ({@code https://app.example.org}); {@code *} is refused
 *     because these answers are per sponsor
 * @param allowedMethods methods a cross-origin page may use
 * @param allowedHeaders request headers a cross-origin page may send
 * @param exposedHeaders response headers a cross-origin page may read
 * @param allowCredentials whether a browser may send cookies or HTTP authentication along; the API
 *     uses neither (the session travels in {@code x-session-id}), so off
 * @param maxAge how long a browser may cache a preflight answer
 */
@Validated
@ConfigurationProperties("allocator.cors")
public record CorsProperties(
        @DefaultValue("") @NotNull List<String> allowedOrigins,

        @DefaultValue({"GET", "HEAD", "POST", "DELETE"}) @NotNull
        List<String> allowedMethods,

        @DefaultValue({"x-session-id", "Idempotency-Key", "Content-Type", "X-Request-Id"}) @NotNull
        List<String> allowedHeaders,

        @DefaultValue({
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "Retry-After",
            "X-Request-Id",
            "x-next-cursor"
        })
        @NotNull
        List<String> exposedHeaders,

        @DefaultValue("false") boolean allowCredentials,
        @DefaultValue("10m") @NotNull Duration maxAge) {

    public CorsProperties {
        allowedOrigins = allowedOrigins.stream()
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .toList();
        if (allowedOrigins.contains("*")) {
            throw new IllegalArgumentException(
                    "allocator.cors.allowed-origins: name each origin; '*' would let any page read sponsors' answers");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("allocator.cors.max-age must not be negative");
        }
    }

    long maxAgeSeconds() {
        return maxAge.toSeconds();
    }
}

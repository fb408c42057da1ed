package dev.allocator.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One line per HTTP request, its facts as key-value pairs: method, route template (the raw path,
 * escaped, when no route matched), status, duration, and the sponsor and error code that {@link
 * RequestFacts} noted during handling. Also settles the request's {@code X-Request-Id} ({@link
 * RequestIds}): echoed on the answer and in the MDC for every line logged meanwhile.
 *
 * <p>It runs inside the server observation, so the request's trace id is in the MDC when the line
 * is written, and outside {@link ApiRequestFilter}, so requests refused there have their line too.
 * Headers and bodies are never logged: they carry session tokens and signatures.
 */
class AccessLogFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AccessLogFilter.class);

    private final AccessLogProperties properties;

    AccessLogFilter(AccessLogProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(RequestIds.MDC_KEY, requestId);
        long started = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            try {
                if (properties.enabled() && !excluded(request.getRequestURI())) {
                    // An exception escaping the chain becomes a 500 after this filter has returned.
                    write(request, failed ? 500 : response.getStatus(), System.nanoTime() - started);
                }
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }
    }

    private boolean excluded(String path) {
        return path != null && properties.excludedPaths().stream().anyMatch(path::startsWith);
    }

    private static void write(HttpServletRequest request, int status, long nanos) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Object template = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path = template != null ? template.toString() : LogText.escape(request.getRequestURI());
        double millis = nanos / 1_000_000.0;
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("method", request.getMethod())
                .addKeyValue("path", path)
                .addKeyValue("status", status)
                .addKeyValue("durationMs", millis);
        RequestFacts.sponsor(request).ifPresent(sponsor -> line.addKeyValue("sponsor", sponsor));
        RequestFacts.errorCode(request).ifPresent(code -> line.addKeyValue("errorCode", code));
        line.log("{} {} {} {} ms", request.getMethod(), path, status, String.format("%.1f", millis));
    }
}

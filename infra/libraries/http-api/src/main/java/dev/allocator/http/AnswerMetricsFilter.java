package dev.allocator.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Hands every answered API request to the {@link AnswerListener}s. It runs outside {@link
 * ApiRequestFilter}, so the requests that filter refuses (413, 415), which never reach Spring MVC
 * and so never appear in {@code http_server_requests}, are counted too. A failure that escapes the
 * chain is counted as the 500 the container's error page will answer.
 */
class AnswerMetricsFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AnswerMetricsFilter.class);

    private final HttpApiProperties properties;
    private final Supplier<List<AnswerListener>> listeners;
    private volatile List<AnswerListener> resolved;

    AnswerMetricsFilter(HttpApiProperties properties, Supplier<List<AnswerListener>> listeners) {
        this.properties = properties;
        this.listeners = listeners;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return properties.unfilteredPaths().stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        boolean escaped = true;
        try {
            chain.doFilter(request, response);
            escaped = false;
        } finally {
            int status = escaped ? 500 : response.getStatus();
            Optional<String> code =
                    escaped ? Optional.of(CommonErrorCode.INTERNAL_ERROR.name()) : RequestFacts.errorCode(request);
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            tell(new Answer(
                    request.getMethod(),
                    path(request),
                    route instanceof String template ? Optional.of(template) : Optional.empty(),
                    status,
                    code,
                    System.nanoTime() - started));
        }
    }

    private void tell(Answer answer) {
        List<AnswerListener> current = resolved;
        if (current == null) {
            // The listeners are beans of the service; they exist once the first request arrives.
            current = List.copyOf(listeners.get());
            resolved = current;
        }
        for (AnswerListener listener : current) {
            try {
                listener.answered(answer);
            } catch (RuntimeException e) {
                // A metric must never turn an answer into a failure.
                log.warn("Answer listener {} failed", listener.getClass().getName(), e);
            }
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}

package dev.allocator.command.admission;

import dev.allocator.command.web.ErrorCode;
import dev.allocator.http.ApiErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the command requests one instance works on at once. Past the bound a request is refused
 * at once with 503 and Retry-After, before it costs an indexer query or a Kafka record: under a
 * burst the queue in front of the sponsor processor stays short enough to be decided before the
 * commands' deadlines, and the excess learns immediately that nothing was done.
 */
public class AdmissionFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AdmissionFilter.class);

    private final int limit;
    private final Semaphore permits;
    private final Counter shed;

    public AdmissionFilter(int limit, MeterRegistry registry) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
        Gauge.builder("allocator.commands.in.flight", permits, p -> limit - p.availablePermits())
                .description("Command requests (POST, DELETE) this instance is handling")
                .register(registry);
        this.shed = Counter.builder("allocator.commands.shed")
                .description("Command requests refused at once with 503 OVERLOADED because too many were in flight")
                .register(registry);
    }

    /** Only requests that may send a command; reads and the actuator are not bounded here. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("POST".equals(method) || "DELETE".equals(method))
                || request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            shed.increment();
            log.debug("Shed {} {}: {} command requests in flight", request.getMethod(), request.getRequestURI(), limit);
            ApiErrors.write(request, response, ErrorCode.OVERLOADED, ErrorCode.OVERLOADED.message());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}

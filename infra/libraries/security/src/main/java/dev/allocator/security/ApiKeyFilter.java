package dev.allocator.security;

import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.audit.AuditAction;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a key from {@code Authorization: Bearer <key>} or {@code X-API-Key}. No key: the request
 * goes on anonymous (the public API stays open; the path rules refuse it where a key is needed).
 * A key that does not verify is refused here with 401 {@code INVALID_API_KEY}, on every path: it
 * never falls back to anonymous, so a client learns at once that its key is bad.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final String BEARER = "Bearer ";

    private final ApiKeyVerifier verifier;
    private final KeyUsage usage;
    private final OperatorAudit audit;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ApiKeyFilter(ApiKeyVerifier verifier, KeyUsage usage, OperatorAudit audit) {
        this.verifier = verifier;
        this.usage = usage;
        this.audit = audit;
    }

    /** The key text the request carries, if any; X-API-Key wins over Authorization. */
    static Optional<String> presented(HttpServletRequest request) {
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).strip());
        }
        return Optional.empty();
    }

    /** A CORS preflight carries no credentials; the CORS policy answers it. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> text = presented(request);
        if (text.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKey> key = ApiKey.parse(text.get());
        Verification verification = key.isEmpty() ? new Verification.Invalid("malformed") : verifier.verify(key.get());
        if (verification instanceof Verification.Valid valid) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(new ApiKeyAuthentication(valid.key()));
            contexts.setContext(context);
            usage.used(valid.key().id());
            chain.doFilter(request, response);
            return;
        }
        String reason = ((Verification.Invalid) verification).reason();
        log.info("Refused API key {}: {}", key.map(ApiKey::keyId).orElse("(malformed)"), reason);
        audit.refused(
                AuditAction.ADMIN_ACTION,
                request,
                CommonErrorCode.INVALID_API_KEY,
                Map.of("keyId", key.map(ApiKey::keyId).orElse("malformed"), "why", reason));
        SecurityErrors.write(request, response, CommonErrorCode.INVALID_API_KEY);
    }
}

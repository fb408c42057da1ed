package dev.allocator.ratelimit;

import dev.allocator.http.ApiErrors;
import dev.allocator.http.CommonErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every limited request against its client: the API key Spring Security authenticated, or
 * else the client IP. A refused request is answered 429 here, before any handler, indexer call or
 * command; an admitted one carries the rate-limit headers and goes on.
 */
public class RateLimitFilter extends OncePerRequestFilter {
    /** Request attributes for the per-sponsor check later in the same request. */
    static final String GROUP = RateLimitFilter.class.getName() + ".group";

    static final String SUBJECT = RateLimitFilter.class.getName() + ".subject";

    private static final Set<String> OPERATOR_ROLES = Set.of("ROLE_ADMIN", "ROLE_OPERATOR", "ROLE_AUDITOR");

    private final RateLimiter limiter;
    private final ClientAddresses addresses;

    public RateLimitFilter(RateLimiter limiter, ClientAddresses addresses) {
        this.limiter = limiter;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<RateLimitGroup> group = EndpointGroups.classify(request.getMethod(), path);
        if (group.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Subject subject = subjectOf(request);
        Optional<Verdict> verdict = limiter.check(subject, group.get());
        if (verdict.isPresent()) {
            RateLimitHeaders.apply(response, verdict.get());
            if (!verdict.get().allowed()) {
                ApiErrors.write(
                        request, response, CommonErrorCode.RATE_LIMITED, CommonErrorCode.RATE_LIMITED.message());
                return;
            }
        }
        request.setAttribute(GROUP, group.get());
        request.setAttribute(SUBJECT, subject);
        chain.doFilter(request, response);
    }

    private Subject subjectOf(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            Optional<Tier> tier = tierOf(authentication);
            if (tier.isPresent()) {
                return new Subject(tier.get(), authentication.getName());
            }
        }
        return Subject.clientIp(
                addresses.resolve(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For"))));
    }

    static Optional<Tier> tierOf(Authentication authentication) {
        boolean operator = false;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if ("ROLE_PARTNER".equals(authority.getAuthority())) {
                return Optional.of(Tier.PARTNER);
            }
            operator |= OPERATOR_ROLES.contains(authority.getAuthority());
        }
        return operator ? Optional.of(Tier.OPERATOR) : Optional.empty();
    }
}

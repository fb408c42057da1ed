package dev.allocator.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The service's CORS policy, the one source of truth (the gateways pass preflights and these
 * headers through untouched). A preflight is answered here, before authentication, rate limits or
 * any handler: 204 with the policy for an allowed origin, 403 in the JSON error shape, without any
 * {@code Access-Control-Allow-*} header, otherwise. An actual request is never refused for its
 * origin: a browser withholds the answer from a page whose origin got no
 * {@code Access-Control-Allow-Origin}, and a non-browser client is not bound by CORS anyway, so
 * refusing would only break same-origin pages seen through a proxy that rewrites the host.
 */
class CorsPolicyFilter extends OncePerRequestFilter {
    private final CorsConfiguration policy;
    private final String allowMethods;
    private final String exposeHeaders;
    private final String maxAge;

    CorsPolicyFilter(CorsProperties properties) {
        policy = new CorsConfiguration();
        policy.setAllowedOrigins(properties.allowedOrigins());
        policy.setAllowedMethods(properties.allowedMethods());
        policy.setAllowedHeaders(properties.allowedHeaders());
        policy.setAllowCredentials(properties.allowCredentials());
        allowMethods = String.join(", ", properties.allowedMethods());
        exposeHeaders = String.join(", ", properties.exposedHeaders());
        maxAge = Long.toString(properties.maxAgeSeconds());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            chain.doFilter(request, response);
            return;
        }
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        String allowedOrigin = policy.checkOrigin(origin);
        if (isPreflight(request)) {
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            List<String> requestedHeaders = requestedHeaders(request);
            // Spring answers the allowed subset of the requested headers; every one must be allowed.
            List<String> allowedHeaders =
                    requestedHeaders.isEmpty() ? List.of() : policy.checkHeaders(requestedHeaders);
            if (allowedOrigin == null
                    || policy.checkHttpMethod(requestedMethod(request)) == null
                    || allowedHeaders == null
                    || allowedHeaders.size() != requestedHeaders.size()) {
                ApiErrors.write(
                        request,
                        response,
                        CommonErrorCode.CORS_NOT_ALLOWED,
                        CommonErrorCode.CORS_NOT_ALLOWED.message());
                return;
            }
            allow(response, allowedOrigin);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, allowMethods);
            if (!requestedHeaders.isEmpty()) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", allowedHeaders));
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (allowedOrigin != null) {
            allow(response, allowedOrigin);
            if (!exposeHeaders.isEmpty()) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposeHeaders);
            }
        }
        chain.doFilter(request, response);
    }

    private void allow(HttpServletResponse response, String origin) {
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (Boolean.TRUE.equals(policy.getAllowCredentials())) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private static boolean isPreflight(HttpServletRequest request) {
        return HttpMethod.OPTIONS.matches(request.getMethod())
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    /** Null for a blank method, which no policy allows. */
    private static HttpMethod requestedMethod(HttpServletRequest request) {
        String method =
                request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD).strip();
        return method.isEmpty() ? null : HttpMethod.valueOf(method);
    }

    private static List<String> requestedHeaders(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
    }
}

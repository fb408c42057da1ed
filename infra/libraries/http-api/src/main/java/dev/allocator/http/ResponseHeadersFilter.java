package dev.allocator.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers on every answer, set before anything can write one, so errors written by
 * filters carry them too. Every answer of this API is per request and most are per sponsor, so
 * nothing may be cached ({@code no-store}); the JSON is never to be sniffed as another type,
 * framed, or allowed to load anything. A handler that serves a page sets its own
 * {@code Content-Security-Policy} over this one.
 */
class ResponseHeadersFilter extends OncePerRequestFilter {
    static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HEADERS.forEach(response::setHeader);
        chain.doFilter(request, response);
    }
}

package dev.allocator.query.apidocs;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Swagger UI's page needs more than the API's deny-all policy: its own scripts, styles and images.
 * Only this origin's files, no inline script and no eval; images may be data: URIs (the style
 * sheet's icons); requests ("Try it out") only to this origin. Set after the shared security
 * headers, over them, for {@code /docs} and below only.
 */
class DocsPageHeadersFilter extends OncePerRequestFilter {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/docs") || path.startsWith("/docs/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        chain.doFilter(request, response);
    }
}

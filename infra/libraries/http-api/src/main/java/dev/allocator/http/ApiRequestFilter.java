package dev.allocator.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Settles, before any handler runs, everything about a request that could otherwise fail only
 * after a command was sent. The API answers JSON whatever the request accepts (RFC 9110 lets a
 * server disregard Accept rather than answer 406), so content negotiation can never refuse a
 * compact that was already allocated; a body that is not JSON is refused (415), and so is one that
 * is too large (413), so that nothing downstream parses a form body or guesses a content type.
 */
class ApiRequestFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(ApiRequestFilter.class);

    private final HttpApiProperties properties;

    ApiRequestFilter(HttpApiProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !isConcrete(contentType)) {
            // Anywhere, the actuator included: Spring MVC would fail on it with a 500.
            refuse(response, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, request);
            return;
        }
        String path = request.getRequestURI();
        if (properties.unfilteredPaths().stream().anyMatch(path::startsWith)) {
            chain.doFilter(request, response);
            return;
        }
        long length = request.getContentLengthLong();
        boolean hasBody = length > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (hasBody && !isJson(contentType)) {
            refuse(response, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, request);
            return;
        }
        if (length > properties.maxBodyBytes()) {
            log.debug("Refused a body of {} bytes", length);
            ApiErrors.write(
                    request,
                    response,
                    CommonErrorCode.BODY_TOO_LARGE,
                    "Request body too large (limit " + properties.maxBodyBytes() + " bytes)");
            return;
        }
        chain.doFilter(new ApiRequest(request, hasBody && length < 0 ? properties.maxBodyBytes() : -1), response);
    }

    private static boolean isConcrete(String contentType) {
        try {
            return MediaType.parseMediaType(contentType).isConcrete();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isConcrete()
                    && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                            || ("application".equals(type.getType())
                                    && type.getSubtype().endsWith("+json")));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, ApiErrorCode code, HttpServletRequest request)
            throws IOException {
        log.debug(
                "Refused {} {} {}: {}",
                code.status().value(),
                request.getMethod(),
                LogText.escape(request.getRequestURI()),
                code.name());
        ApiErrors.write(request, response, code, code.message());
    }

    /**
     * The request as the handlers see it: accepting JSON, and, when its length was not declared,
     * failing the read (and so the JSON parse, a 400) once more than the limit has arrived.
     */
    private static final class ApiRequest extends HttpServletRequestWrapper {
        private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

        private final long maxBytes;

        ApiRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? JSON : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(JSON))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(HttpHeaders.ACCEPT);
            return Collections.enumeration(names);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            if (maxBytes < 0) {
                return in;
            }
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > maxBytes) {
                        throw new IOException("request body exceeds " + maxBytes + " bytes");
                    }
                    return b;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}

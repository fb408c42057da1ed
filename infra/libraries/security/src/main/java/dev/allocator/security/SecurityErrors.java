package dev.allocator.security;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.ApiErrors;
import dev.allocator.http.CommonErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's refusals in the API's JSON error shape: no key on a protected path is 401
 * {@code API_KEY_REQUIRED}, a key of the wrong role 403 {@code FORBIDDEN_ROLE}.
 */
final class SecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {
    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        write(request, response, CommonErrorCode.API_KEY_REQUIRED);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        write(request, response, CommonErrorCode.FORBIDDEN_ROLE);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ApiErrorCode code) throws IOException {
        ApiErrors.write(request, response, code, code.message());
    }
}

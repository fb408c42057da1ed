package dev.allocator.security;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.ApiErrors;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.audit.AuditAction;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's refusals in the API's JSON error shape: no key on a protected path is 401
 * {@code API_KEY_REQUIRED}, a key of the wrong role 403 {@code FORBIDDEN_ROLE}; both are audited.
 */
final class SecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final OperatorAudit audit;

    SecurityErrors(OperatorAudit audit) {
        this.audit = audit;
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        audit.refused(AuditAction.ADMIN_ACTION, request, CommonErrorCode.API_KEY_REQUIRED, Map.of());
        write(request, response, CommonErrorCode.API_KEY_REQUIRED);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        audit.refused(AuditAction.ADMIN_ACTION, request, CommonErrorCode.FORBIDDEN_ROLE, Map.of());
        write(request, response, CommonErrorCode.FORBIDDEN_ROLE);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ApiErrorCode code) throws IOException {
        ApiErrors.write(request, response, code, code.message());
    }
}

package dev.allocator.security;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.RequestIds;
import dev.allocator.kafka.audit.AuditLog;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What operators do, and what is refused to them, as {@code allocator.audit} records: the actor is
 * the API key's id (never the key), or the client's address when no valid key was presented; the
 * reason is the answer's error code. Recording never fails the request it describes.
 */
public final class OperatorAudit {
    private static final Logger log = LoggerFactory.getLogger(OperatorAudit.class);

    private final AuditLog auditLog;
    private final Clock clock;

    public OperatorAudit(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** An operator action that was carried out by the request's key. */
    public void performed(AuditAction action, Map<String, String> details) {
        record(action, currentActor(null), AuditOutcome.SUCCESS, null, details);
    }

    /** An operator action, or an operator path, refused with {@code code}. */
    public void refused(
            AuditAction action, HttpServletRequest request, ApiErrorCode code, Map<String, String> details) {
        Map<String, String> all = new LinkedHashMap<>(details);
        all.put("method", request.getMethod());
        all.put("path", abbreviate(request.getRequestURI()));
        record(action, currentActor(request), AuditOutcome.REFUSED, code.name(), all);
    }

    private void record(
            AuditAction action, Actor actor, AuditOutcome outcome, String reason, Map<String, String> details) {
        try {
            String requestId = MDC.get(RequestIds.MDC_KEY);
            auditLog.record(new AuditRecord(
                    UUID.randomUUID(),
                    clock.instant(),
                    action,
                    actor,
                    outcome,
                    reason,
                    requestId == null || requestId.isEmpty() ? null : requestId,
                    details));
        } catch (RuntimeException e) {
            log.warn("Audit record of {} not written: {}", action, e.toString());
        }
    }

    private static Actor currentActor(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ApiKeyAuthentication key) {
            return Actor.apiKey(key.getName());
        }
        String address = request == null ? null : request.getRemoteAddr();
        return Actor.clientIp(address == null || address.isBlank() ? "unknown" : address);
    }

    /** Paths are client text: kept printable and short enough for a detail value. */
    private static String abbreviate(String path) {
        String printable = path.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 200 ? printable : printable.substring(0, 200);
    }
}

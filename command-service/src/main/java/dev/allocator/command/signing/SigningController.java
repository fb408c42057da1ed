package dev.allocator.command.signing;

import dev.allocator.command.web.ErrorCode;
import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.control.ControlEvent;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.security.OperatorAudit;
import dev.allocator.security.otp.SecondFactor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The signing kill switch. {@code GET /admin/signing} (auditor) answers this instance's state;
 * {@code POST /admin/signing/pause} and {@code /resume} (operator, plus a one-time code when the
 * key has a second factor) change it and answer once this instance's processor applies the change.
 * Roles are the security library's path rules; every pause and resume, and every refusal of one,
 * is an audit record.
 */
@RestController
class SigningController {
    private final SigningControl control;
    private final SecondFactor secondFactor;
    private final OperatorAudit audit;

    SigningController(SigningControl control, SecondFactor secondFactor, OperatorAudit audit) {
        this.control = control;
        this.secondFactor = secondFactor;
        this.audit = audit;
    }

    @GetMapping("/admin/signing")
    Map<String, Object> status() {
        return body(control.status(), null);
    }

    @PostMapping("/admin/signing/pause")
    Map<String, Object> pause(
            @RequestHeader(name = SecondFactor.HEADER, required = false) String otp,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest request) {
        return change(AuditAction.SIGNING_PAUSED, otp, body, request, true);
    }

    @PostMapping("/admin/signing/resume")
    Map<String, Object> resume(
            @RequestHeader(name = SecondFactor.HEADER, required = false) String otp,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest request) {
        return change(AuditAction.SIGNING_RESUMED, otp, body, request, false);
    }

    private Map<String, Object> change(
            AuditAction action, String otp, JsonNode body, HttpServletRequest request, boolean pause) {
        String reason;
        try {
            secondFactor.require(otp);
            reason = reason(body);
        } catch (ApiException e) {
            audit.refused(action, request, e.code(), Map.of());
            throw e;
        }
        Actor actor = actor();
        SigningControl.Change change;
        try {
            change = pause ? control.pause(actor, reason) : control.resume(actor, reason);
        } catch (ApiException e) {
            audit.refused(action, request, e.code(), Map.of());
            throw e;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("changed", Boolean.toString(change.changed()));
        if (reason != null) {
            details.put("reason", auditText(reason));
        }
        audit.performed(action, details);
        return body(change.status(), change.changed());
    }

    /** Nothing, or {@code {"reason": text or null}}; any other field is refused, not ignored. */
    static String reason(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw new ApiException(ErrorCode.INVALID_SIGNING_REQUEST);
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("reason")) {
                throw new ApiException(
                        ErrorCode.INVALID_SIGNING_REQUEST, "Unknown field '" + abbreviate(field) + "'; only reason");
            }
        }
        JsonNode reason = body.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isString()) {
            throw new ApiException(ErrorCode.INVALID_SIGNING_REQUEST);
        }
        String text = reason.asString().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (!ControlEvent.validReason(text)) {
            throw new ApiException(ErrorCode.INVALID_SIGNING_REQUEST);
        }
        return text;
    }

    private static Actor actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        // The path rules let only API keys of the operator role reach the POSTs.
        if (authentication == null || authentication.getName() == null) {
            throw new ApiException(CommonErrorCode.API_KEY_REQUIRED);
        }
        return Actor.apiKey(authentication.getName());
    }

    private static Map<String, Object> body(SigningStatus status, Boolean changed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paused", status.paused());
        body.put("since", status.since() == null ? null : status.since().toString());
        body.put("by", status.actor() == null ? null : status.actor().id());
        body.put("reason", status.reason());
        if (changed != null) {
            body.put("changed", changed);
        }
        return body;
    }

    /** Audit details are printable ASCII of at most 256 characters. */
    private static String auditText(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 256 ? printable : printable.substring(0, 253) + "...";
    }

    private static String abbreviate(String field) {
        String printable = field.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40);
    }
}

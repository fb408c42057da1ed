package dev.allocator.projector.rebuild;

import dev.allocator.http.ApiException;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.security.OperatorAudit;
import dev.allocator.security.otp.SecondFactor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/read-model/rebuild} reports the last rebuild (auditor role); {@code POST}
 * starts one (operator role, and a one-time code when the key has a second factor enrolled). The
 * roles are the security library's path rules; see {@link ReadModelRebuild} for the rebuild.
 */
@RestController
public class RebuildController {
    private static final String OPERATION = "read-model-rebuild";

    private final ReadModelRebuild rebuild;
    private final SecondFactor secondFactor;
    private final OperatorAudit audit;

    public RebuildController(ReadModelRebuild rebuild, SecondFactor secondFactor, OperatorAudit audit) {
        this.rebuild = rebuild;
        this.secondFactor = secondFactor;
        this.audit = audit;
    }

    @GetMapping("/admin/read-model/rebuild")
    public RebuildStatus status() {
        return rebuild.status();
    }

    @PostMapping("/admin/read-model/rebuild")
    public RebuildStatus rebuild(
            @RequestHeader(name = SecondFactor.HEADER, required = false) String otp, HttpServletRequest request) {
        try {
            secondFactor.require(otp);
        } catch (ApiException e) {
            audit.refused(AuditAction.ADMIN_ACTION, request, e.code(), Map.of("operation", OPERATION));
            throw e;
        }
        RebuildStatus status = rebuild.start();
        audit.performed(
                AuditAction.ADMIN_ACTION, Map.of("operation", OPERATION, "state", String.valueOf(status.state())));
        return status;
    }
}

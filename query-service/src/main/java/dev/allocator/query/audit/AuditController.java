package dev.allocator.query.audit;

import dev.allocator.http.ApiException;
import dev.allocator.query.consistency.ReadBarrier;
import dev.allocator.query.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/audit?from=&to=&actor=&action=&limit=&cursor=}: the audit log, newest first,
 * {@code limit} records a page (1 to 1000, default 100); when more match, {@code x-next-cursor}
 * holds the {@code cursor} of the next page, as for GET /compacts. Who may call it (the auditor
 * role) is the security configuration's to decide, by path.
 *
 * <p>It reads the serving generation as it stands: the audit log promises no read-your-writes, a
 * record appears once the projector has stored it (normally well within a second).
 */
@RestController
class AuditController {
    static final String NEXT_CURSOR = "x-next-cursor";

    private final ReadBarrier readModel;
    private final AuditQueries queries;

    AuditController(ReadBarrier readModel, AuditQueries queries) {
        this.readModel = readModel;
        this.queries = queries;
    }

    @GetMapping("/admin/audit")
    ResponseEntity<byte[]> audit(HttpServletRequest request) {
        AuditQuery query = AuditQuery.parse(request.getParameterMap());
        var view = readModel.current().orElseThrow(() -> new ApiException(ErrorCode.READ_MODEL_UNAVAILABLE));
        AuditQueries.Page page = queries.page(view.dsl(), query);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.next() != null) {
            response.header(NEXT_CURSOR, page.next().text());
        }
        return response.body(page.json().getBytes(StandardCharsets.UTF_8));
    }
}

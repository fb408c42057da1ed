package dev.allocator.projector.deadletter;

import dev.allocator.http.ApiException;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.projector.web.ErrorCode;
import dev.allocator.security.OperatorAudit;
import dev.allocator.security.otp.SecondFactor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/dead-letters?limit=&cursor=} (auditor role): the records on the dead-letter
 * topic in (partition, offset) order, {@code limit} a page (1 to 1000, default 100); when more
 * remain, {@code x-next-cursor} holds the {@code cursor} of the next page. Each entry has its id
 * ({@code <partition>-<offset>} on the dead-letter topic), its origin, the reason and error it was
 * parked with, the event it holds and its last replay.
 *
 * <p>{@code POST /admin/dead-letters/{id}/replay} (operator role, plus a one-time code when the key
 * has a second factor; audited): re-applies the event to the serving read model, see {@link
 * DeadLetterReplay}. 200 with {@code applied} or {@code already-applied}; 409 {@code
 * DEAD_LETTER_REPLAY_FAILED} or {@code DEAD_LETTER_REPLAY_REFUSED} with the reason otherwise. The
 * entry stays on the topic either way (a topic is append-only): the listing shows the outcome.
 */
@RestController
public class DeadLetterController {
    static final String NEXT_CURSOR = "x-next-cursor";
    private static final String OPERATION = "dead-letter-replay";
    private static final int DEFAULT_LIMIT = 100;

    private final DeadLetterReplay deadLetters;
    private final SecondFactor secondFactor;
    private final OperatorAudit audit;

    public DeadLetterController(DeadLetterReplay deadLetters, SecondFactor secondFactor, OperatorAudit audit) {
        this.deadLetters = deadLetters;
        this.secondFactor = secondFactor;
        this.audit = audit;
    }

    @GetMapping("/admin/dead-letters")
    public ResponseEntity<Map<String, Object>> list(
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit(limit);
        DeadLetterId after = cursor == null ? null : cursor(cursor);
        DeadLetterReplay.Page page;
        try {
            page = deadLetters.list(after, size);
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            throw new ApiException(ErrorCode.DEAD_LETTER_TOPIC_UNAVAILABLE, e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.next() != null) {
            response.header(NEXT_CURSOR, page.next().toString());
        }
        return response.body(body);
    }

    @PostMapping("/admin/dead-letters/{id}/replay")
    public Map<String, Object> replay(
            @PathVariable String id,
            @RequestHeader(name = SecondFactor.HEADER, required = false) String otp,
            HttpServletRequest request) {
        DeadLetterId target = DeadLetterId.parse(id);
        try {
            secondFactor.require(otp);
        } catch (ApiException e) {
            audit.refused(AuditAction.ADMIN_ACTION, request, e.code(), Map.of("operation", OPERATION, "id", id));
            throw e;
        }
        ConsumerRecord<byte[], byte[]> record;
        try {
            record = deadLetters.find(target).orElseThrow(() -> new ApiException(ErrorCode.DEAD_LETTER_NOT_FOUND));
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            throw new ApiException(ErrorCode.DEAD_LETTER_TOPIC_UNAVAILABLE, e);
        }
        String actor = SecurityContextHolder.getContext().getAuthentication().getName();
        DeadLetterReplay.Result result = deadLetters.replay(target, record, actor);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("operation", OPERATION);
        details.put("id", target.toString());
        details.put("outcome", result.outcome().text());
        details.put("generation", result.generation());
        audit.performed(AuditAction.ADMIN_ACTION, details);
        switch (result.outcome()) {
            case FAILED ->
                throw new ApiException(ErrorCode.DEAD_LETTER_REPLAY_FAILED, "Replay failed: " + result.detail());
            case REFUSED ->
                throw new ApiException(ErrorCode.DEAD_LETTER_REPLAY_REFUSED, "Replay refused: " + result.detail());
            default -> {
                // applied or already applied: answered below
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", target.toString());
        body.put("outcome", result.outcome().text());
        body.put("generation", result.generation());
        return body;
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_LIMIT);
    }

    private static DeadLetterId cursor(String text) {
        try {
            return DeadLetterId.parse(text);
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.INVALID_CURSOR);
        }
    }
}

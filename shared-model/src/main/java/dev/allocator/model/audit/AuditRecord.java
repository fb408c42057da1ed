package dev.allocator.model.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One security-relevant fact on {@code allocator.audit}: who did what, when, and how it ended.
 *
 * <p>Never a secret: no session token, API key, signature, SIWE message or OTP code. The record
 * enforces what it can (short, printable reason and details, bounded size); the emitters pass
 * error codes and ids, never request bodies.
 *
 * @param id unique id of this record; the read model deduplicates by it
 * @param occurredAt when the service observed the action
 * @param action what happened
 * @param actor who did it
 * @param outcome how it ended
 * @param reason a short machine-readable cause (an error code such as {@code INVALID_SIGNATURE}),
 *     or null on success
 * @param requestId the HTTP request's id ({@code X-Request-Id}), or null for records not caused by
 *     one request (an aggregate of rate-limit rejections)
 * @param details a few more facts: {@code chainId}, {@code path}, {@code count}, ...
 */
public record AuditRecord(
        UUID id,
        Instant occurredAt,
        AuditAction action,
        Actor actor,
        AuditOutcome outcome,
        String reason,
        String requestId,
        Map<String, String> details) {

    public static final int MAX_REASON_LENGTH = 200;
    public static final int MAX_DETAILS = 16;
    public static final int MAX_DETAIL_KEY_LENGTH = 32;
    public static final int MAX_DETAIL_VALUE_LENGTH = 256;
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");

    public AuditRecord {
        if (id == null || occurredAt == null || action == null || actor == null || outcome == null) {
            throw new IllegalArgumentException("an audit record has an id, a time, an action, an actor and an outcome");
        }
        if (reason != null) {
            require(reason, MAX_REASON_LENGTH, "reason");
        }
        if (requestId != null) {
            require(requestId, MAX_REQUEST_ID_LENGTH, "requestId");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        if (details != null) {
            if (details.size() > MAX_DETAILS) {
                throw new IllegalArgumentException("at most " + MAX_DETAILS + " details");
            }
            details.forEach((key, value) -> {
                if (key == null
                        || key.length() > MAX_DETAIL_KEY_LENGTH
                        || !KEY.matcher(key).matches()) {
                    throw new IllegalArgumentException(
                            "a detail key is a camelCase name of at most " + MAX_DETAIL_KEY_LENGTH + " characters");
                }
                require(value, MAX_DETAIL_VALUE_LENGTH, "detail " + key);
                copy.put(key, value);
            });
        }
        details = Collections.unmodifiableMap(copy);
    }

    /** A record of an action that succeeded. */
    public static AuditRecord success(
            UUID id,
            Instant occurredAt,
            AuditAction action,
            Actor actor,
            String requestId,
            Map<String, String> details) {
        return new AuditRecord(id, occurredAt, action, actor, AuditOutcome.SUCCESS, null, requestId, details);
    }

    private static void require(String text, int max, String field) {
        if (text == null
                || text.isEmpty()
                || text.length() > max
                || !PRINTABLE.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " is 1 to " + max + " printable ASCII characters");
        }
    }
}

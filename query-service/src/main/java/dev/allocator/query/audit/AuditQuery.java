package dev.allocator.query.audit;

import dev.allocator.http.ApiException;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.query.web.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /admin/audit}, parsed strictly at the edge: an unknown or repeated
 * parameter, a malformed time, an unknown action, a limit outside 1..1000 or a cursor this service
 * did not write is a 400 naming the parameter, never a guess.
 *
 * @param from only records at or after this instant, or null
 * @param to only records before this instant, or null
 * @param actor only this actor's records (a sponsor's address in any case, a key id, an IP), or null
 * @param action only this action, or null
 * @param limit the most records in the page
 * @param cursor only records older than this position (from {@code x-next-cursor}), or null
 */
record AuditQuery(Instant from, Instant to, String actor, AuditAction action, int limit, Cursor cursor) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMETERS = Set.of("from", "to", "actor", "action", "limit", "cursor");
    private static final Pattern ACTOR = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    static AuditQuery parse(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw invalid("unknown parameter; allowed: action, actor, cursor, from, limit, to");
            }
            if (parameter.getValue().length != 1) {
                throw invalid(parameter.getKey() + " may be given once");
            }
        }
        Instant from = instant("from", single(parameters, "from"));
        Instant to = instant("to", single(parameters, "to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("from must be before to");
        }
        return new AuditQuery(
                from,
                to,
                actor(single(parameters, "actor")),
                action(single(parameters, "action")),
                limit(single(parameters, "limit")),
                Cursor.parse(single(parameters, "cursor")));
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values[0];
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    private static String actor(String text) {
        if (text == null) {
            return null;
        }
        if (!ACTOR.matcher(text).matches()) {
            throw invalid("actor must be 1 to 64 visible ASCII characters");
        }
        // Sponsors are recorded by their lowercase address; accept the checksummed form too.
        return ADDRESS.matcher(text).matches() ? text.toLowerCase(Locale.ROOT) : text;
    }

    private static AuditAction action(String text) {
        if (text == null) {
            return null;
        }
        for (AuditAction action : AuditAction.values()) {
            if (action.name().equals(text)) {
                return action;
            }
        }
        throw invalid("action must be one of " + List.of(AuditAction.values()));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > MAX_LIMIT || !text.equals(Integer.toString(limit))) {
                throw new ApiException(ErrorCode.INVALID_LIMIT);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_LIMIT, e);
        }
    }

    static ApiException invalid(String reason) {
        return new ApiException(ErrorCode.INVALID_AUDIT_QUERY, ErrorCode.INVALID_AUDIT_QUERY.message(), reason);
    }

    /**
     * A position in the newest-first order: the last record of a page, by time (microseconds, as
     * PostgreSQL keeps it) and id. Sent as URL-safe base64 of {@code <epochMicros>:<uuid>}.
     */
    record Cursor(long epochMicros, UUID id) {
        private static final Pattern TEXT =
                Pattern.compile("-?[0-9]{1,19}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        static Cursor parse(String text) {
            if (text == null) {
                return null;
            }
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
                if (!TEXT.matcher(decoded).matches()) {
                    throw new ApiException(ErrorCode.INVALID_CURSOR);
                }
                int colon = decoded.indexOf(':');
                return new Cursor(
                        Long.parseLong(decoded.substring(0, colon)), UUID.fromString(decoded.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_CURSOR, e);
            }
        }

        String text() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((epochMicros + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }
    }
}

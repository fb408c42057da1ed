package dev.allocator.model.audit;

import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.message.UnsupportedMessageException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@code allocator.audit} records, documented by {@code
 * schemas/audit/AuditRecord.v1.schema.json}. Like the event envelope it carries a stable {@code
 * type} and a {@code schemaVersion}; unknown fields are tolerated (additive changes). A newer
 * version or an action this release does not know is refused as {@link UnsupportedMessageException}
 * (a reader stops there until it is upgraded); an unknown actor kind or outcome, or a malformed
 * record, as unreadable. Nothing is guessed.
 */
public final class AuditCodec {
    public static final String TYPE = "AuditRecord";
    public static final int VERSION = 1;
    /** The schema's grammar of action names; a well-formed name this release lacks is a newer one. */
    private static final Pattern ACTION = Pattern.compile("[A-Z][A-Z_]*");

    private static final Set<String> KNOWN_ACTIONS =
            Arrays.stream(AuditAction.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private final JsonMapper mapper = JsonMapper.builder().build();

    public byte[] encode(AuditRecord record) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", record.id().toString());
        node.put("type", TYPE);
        node.put("schemaVersion", VERSION);
        node.put("occurredAt", record.occurredAt().toString());
        node.put("action", record.action().name());
        ObjectNode actor = node.putObject("actor");
        actor.put("kind", record.actor().kind().wire());
        actor.put("id", record.actor().id());
        node.put("outcome", record.outcome().wire());
        node.put("reason", record.reason());
        node.put("requestId", record.requestId());
        ObjectNode details = node.putObject("details");
        record.details().forEach(details::put);
        return mapper.writeValueAsBytes(node);
    }

    public AuditRecord decode(byte[] json) {
        ObjectNode node;
        try {
            JsonNode tree = mapper.readTree(json);
            if (!(tree instanceof ObjectNode object)) {
                throw new UnknownMessageException("audit record is not a JSON object");
            }
            node = object;
        } catch (JacksonException e) {
            throw new UnknownMessageException("malformed audit record JSON: " + e.getOriginalMessage(), e);
        }
        if (!TYPE.equals(text(node, "type"))) {
            throw new UnknownMessageException("not an audit record: type '" + text(node, "type") + "'");
        }
        int version = node.path("schemaVersion").asInt(0);
        if (version > VERSION) {
            throw new UnsupportedMessageException("unsupported schema version " + version + " of " + TYPE
                    + " (this release reads up to " + VERSION + ")");
        }
        if (version < 1) {
            throw new UnknownMessageException("invalid schema version " + version + " of " + TYPE);
        }
        String action = text(node, "action");
        if (ACTION.matcher(action).matches() && !KNOWN_ACTIONS.contains(action)) {
            // The schema lets a later release add actions within version 1.
            throw new UnsupportedMessageException("unknown audit action " + action);
        }
        try {
            JsonNode actor = node.path("actor");
            Map<String, String> details = new LinkedHashMap<>();
            node.path("details").properties().forEach(field -> {
                if (!field.getValue().isString()) {
                    throw new IllegalArgumentException("detail " + field.getKey() + " is not a string");
                }
                details.put(field.getKey(), field.getValue().asString());
            });
            return new AuditRecord(
                    UUID.fromString(text(node, "id")),
                    Instant.parse(text(node, "occurredAt")),
                    AuditAction.valueOf(text(node, "action")),
                    new Actor(Actor.Kind.fromWire(text(actor, "kind")), text(actor, "id")),
                    AuditOutcome.fromWire(text(node, "outcome")),
                    nullableText(node, "reason"),
                    nullableText(node, "requestId"),
                    details);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new UnknownMessageException("invalid audit record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new UnknownMessageException("audit record field '" + field + "' is missing");
        }
        return value.asString();
    }

    private static String nullableText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new UnknownMessageException("audit record field '" + field + "' is not a string");
        }
        return value.asString();
    }
}

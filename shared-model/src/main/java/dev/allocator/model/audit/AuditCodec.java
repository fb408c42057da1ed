package dev.allocator.model.audit;

import dev.allocator.model.message.UnknownMessageException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@code allocator.audit} records, documented by {@code
 * schemas/audit/AuditRecord.v1.schema.json}. Like the event envelope it carries a stable {@code
 * type} and a {@code schemaVersion}; unknown fields are tolerated (additive changes), a newer
 * version or an unknown action, actor kind or outcome is refused as unreadable, never guessed.
 */
public final class AuditCodec {
    public static final String TYPE = "AuditRecord";
    public static final int VERSION = 1;

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
        if (version < 1 || version > VERSION) {
            throw new UnknownMessageException("unsupported schema version " + version + " of " + TYPE);
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

package dev.allocator.model.control;

import dev.allocator.model.audit.Actor;
import dev.allocator.model.message.UnknownMessageException;
import java.time.DateTimeException;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@code allocator.control} records, documented by {@code
 * schemas/control/SigningControl.v1.schema.json}. Unknown fields are tolerated (additive changes);
 * an unknown type or a newer version is refused as unreadable, never guessed: a processor that
 * cannot read a control record must not sign as if it were not there.
 */
public final class ControlCodec {
    /** The record key of every signing control event: one key, so the latest record is the state. */
    public static final String SIGNING_KEY = "signing";

    public static final String PAUSED = "SigningPaused";
    public static final String RESUMED = "SigningResumed";
    public static final int VERSION = 1;

    private final JsonMapper mapper = JsonMapper.builder().build();

    public byte[] encode(ControlEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", event instanceof ControlEvent.SigningPaused ? PAUSED : RESUMED);
        node.put("version", VERSION);
        node.put("at", event.at().toString());
        ObjectNode actor = node.putObject("actor");
        actor.put("kind", event.actor().kind().wire());
        actor.put("id", event.actor().id());
        node.put("reason", event.reason());
        return mapper.writeValueAsBytes(node);
    }

    public ControlEvent decode(byte[] json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new UnknownMessageException("malformed control record JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode)) {
            throw new UnknownMessageException("control record is not a JSON object");
        }
        int version = node.path("version").asInt(0);
        if (version < 1 || version > VERSION) {
            throw new UnknownMessageException("unsupported version " + version + " of a control record");
        }
        String type = text(node, "type");
        try {
            Instant at = Instant.parse(text(node, "at"));
            JsonNode actorNode = node.path("actor");
            Actor actor = new Actor(Actor.Kind.fromWire(text(actorNode, "kind")), text(actorNode, "id"));
            JsonNode reasonNode = node.get("reason");
            String reason;
            if (reasonNode == null || reasonNode.isNull()) {
                reason = null;
            } else if (reasonNode.isString()) {
                reason = reasonNode.asString();
            } else {
                throw new UnknownMessageException("control record field 'reason' is not a string");
            }
            return switch (type) {
                case PAUSED -> new ControlEvent.SigningPaused(at, actor, reason);
                case RESUMED -> new ControlEvent.SigningResumed(at, actor, reason);
                default -> throw new UnknownMessageException("unknown control record type '" + type + "'");
            };
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new UnknownMessageException("invalid control record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new UnknownMessageException("control record field '" + field + "' is missing");
        }
        return value.asString();
    }
}

package dev.allocator.model.message;

import dev.allocator.model.message.Command.AllocateCompact;
import dev.allocator.model.message.Command.CreateSession;
import dev.allocator.model.message.Command.RefreshSession;
import dev.allocator.model.message.Command.RevokeSession;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRefreshed;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.message.Reply.CompactSigned;
import dev.allocator.model.message.Reply.Rejected;
import dev.allocator.model.message.Reply.SessionAccepted;
import dev.allocator.model.message.Reply.SessionRefreshAccepted;
import dev.allocator.model.message.Reply.SessionRevocationAccepted;
import dev.allocator.model.value.Address;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of the system: versioned envelopes around command, event and reply records.
 * Unknown fields are tolerated (additive changes); an unknown event type is surfaced as {@link
 * UnknownEvent}, never dropped.
 */
public final class MessageCodec {
    private static final List<MessageType> TYPES = List.of(
            new MessageType("CreateSession", 1, CreateSession.class),
            new MessageType("RevokeSession", 1, RevokeSession.class),
            new MessageType("RefreshSession", 1, RefreshSession.class),
            new MessageType("AllocateCompact", 1, AllocateCompact.class),
            new MessageType("SessionCreated", 1, SessionCreated.class),
            new MessageType("SessionRevoked", 1, SessionRevoked.class),
            new MessageType("SessionRefreshed", 1, SessionRefreshed.class),
            new MessageType("CompactAllocated", 2, CompactAllocated.class),
            new MessageType("SessionAccepted", 1, SessionAccepted.class),
            new MessageType("SessionRevocationAccepted", 1, SessionRevocationAccepted.class),
            new MessageType("SessionRefreshAccepted", 1, SessionRefreshAccepted.class),
            new MessageType("CompactSigned", 1, CompactSigned.class),
            new MessageType("Rejected", 1, Rejected.class));

    private final JsonMapper mapper;
    private final Map<Class<?>, MessageType> byClass = new HashMap<>();
    private final Map<String, MessageType> byName = new HashMap<>();
    private final Map<String, Upcaster> upcasters = new HashMap<>();

    public MessageCodec() {
        this(List.of());
    }

    /**
     * A codec that lifts old payloads through the built-in upcasters and the given one-step ones
     * (which take precedence for the same type and version).
     */
    public MessageCodec(List<Upcaster> upcasters) {
        this.mapper = JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        for (MessageType type : TYPES) {
            byClass.put(type.javaType(), type);
            byName.put(type.name(), type);
        }
        for (Upcaster upcaster : EventUpcasters.all(mapper)) {
            this.upcasters.put(upcaster.type() + "@" + upcaster.fromVersion(), upcaster);
        }
        for (Upcaster upcaster : upcasters) {
            this.upcasters.put(upcaster.type() + "@" + upcaster.fromVersion(), upcaster);
        }
    }

    /** The mapper the codec uses, for callers that must write protocol values the same way. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** The wire name of a command, event or reply record. */
    public String typeName(Object message) {
        if (message instanceof UnknownEvent unknown) {
            return unknown.type();
        }
        return typeOf(message).name();
    }

    public byte[] encode(CommandEnvelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestId", envelope.requestId());
        header(node, envelope.command());
        node.put("sponsor", envelope.sponsor().lowercase());
        node.put("issuedAt", envelope.issuedAt().toString());
        if (envelope.deadline() != null) {
            node.put("deadline", envelope.deadline().toString());
        }
        node.set("payload", mapper.valueToTree(envelope.command()));
        return mapper.writeValueAsBytes(node);
    }

    public CommandEnvelope decodeCommand(byte[] json) {
        ObjectNode node = readObject(json);
        Command command = (Command) readKnown(node);
        Instant deadline = node.has("deadline") ? instant(node, "deadline") : null;
        return envelope(
                () -> new CommandEnvelope(text(node, "requestId"), instant(node, "issuedAt"), deadline, command));
    }

    public byte[] encode(EventEnvelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        if (envelope.event() instanceof UnknownEvent unknown) {
            node.put("type", unknown.type());
            node.put("schemaVersion", unknown.schemaVersion());
        } else {
            header(node, envelope.event());
        }
        node.put("sponsor", envelope.sponsor().lowercase());
        node.put("sequence", envelope.sequence());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("requestId", envelope.requestId());
        node.set(
                "payload",
                envelope.event() instanceof UnknownEvent unknown
                        ? mapper.readTree(unknown.payload())
                        : mapper.valueToTree(envelope.event()));
        return mapper.writeValueAsBytes(node);
    }

    public EventEnvelope decodeEvent(byte[] json) {
        ObjectNode node = readObject(json);
        String type = text(node, "type");
        int version = node.path("schemaVersion").asInt(0);
        MessageType known = byName.get(type);
        Event event;
        if (known == null || !Event.class.isAssignableFrom(known.javaType()) || version > known.version()) {
            event = new UnknownEvent(type, version, mapper.writeValueAsString(node.path("payload")));
        } else {
            event = (Event) readKnown(node);
        }
        return envelope(() -> new EventEnvelope(
                UUID.fromString(text(node, "eventId")),
                Address.of(text(node, "sponsor")),
                node.path("sequence").asLong(0),
                instant(node, "occurredAt"),
                text(node, "requestId"),
                event));
    }

    public byte[] encode(ReplyEnvelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestId", envelope.requestId());
        header(node, envelope.reply());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.set("payload", mapper.valueToTree(envelope.reply()));
        return mapper.writeValueAsBytes(node);
    }

    public ReplyEnvelope decodeReply(byte[] json) {
        ObjectNode node = readObject(json);
        Reply reply = (Reply) readKnown(node);
        return envelope(() -> new ReplyEnvelope(text(node, "requestId"), instant(node, "occurredAt"), reply));
    }

    private void header(ObjectNode node, Object message) {
        MessageType type = typeOf(message);
        node.put("type", type.name());
        node.put("schemaVersion", type.version());
    }

    private MessageType typeOf(Object message) {
        MessageType type = byClass.get(message.getClass());
        if (type == null) {
            throw new IllegalArgumentException(
                    "no wire type for " + message.getClass().getSimpleName());
        }
        return type;
    }

    private Object readKnown(ObjectNode node) {
        String name = text(node, "type");
        MessageType type = byName.get(name);
        if (type == null) {
            throw new UnsupportedMessageException("unknown message type '" + name + "'");
        }
        int version = node.path("schemaVersion").asInt(0);
        if (version > type.version()) {
            throw new UnsupportedMessageException("unsupported schema version " + version + " of " + name
                    + " (this release reads up to " + type.version() + ")");
        }
        if (version < 0) {
            throw new UnknownMessageException("invalid schema version " + version + " of " + name);
        }
        JsonNode payload = node.get("payload");
        if (!(payload instanceof ObjectNode object)) {
            throw new UnknownMessageException(name + " has no payload object");
        }
        ObjectNode current = object;
        try {
            for (int v = version; v < type.version(); v++) {
                Upcaster upcaster = upcasters.get(name + "@" + v);
                if (upcaster == null) {
                    throw new UnknownMessageException("no upcaster for " + name + " version " + v);
                }
                current = upcaster.step().apply(current.deepCopy());
            }
            return mapper.treeToValue(current, type.javaType());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnknownMessageException("cannot read " + name + " version " + version + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode readObject(byte[] json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            throw new UnknownMessageException("malformed message JSON: " + e.getOriginalMessage(), e);
        }
        throw new UnknownMessageException("message is not a JSON object");
    }

    private static <T> T envelope(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new UnknownMessageException("invalid message envelope: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ObjectNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new UnknownMessageException("message field '" + field + "' is not an instant", e);
        }
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new UnknownMessageException("message field '" + field + "' is missing");
        }
        return value.asString();
    }
}

package dev.allocator.model.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    private ObjectNode eventJson(Event event) {
        return (ObjectNode) codec.mapper().readTree(codec.encode(Samples.envelope(event)));
    }

    private byte[] bytes(ObjectNode node) {
        return codec.mapper().writeValueAsBytes(node);
    }

    @Test
    void toleratesUnknownFieldsInEnvelopeAndPayload() {
        ObjectNode node = eventJson(Samples.events().get("CompactAllocated"));
        node.put("addedLater", "x");
        ((ObjectNode) node.get("payload")).put("anotherNewField", 42);
        ((ObjectNode) node.get("payload").get("compact")).put("futureField", true);

        assertThat(codec.decodeEvent(bytes(node)))
                .isEqualTo(Samples.envelope(Samples.events().get("CompactAllocated")));
    }

    @Test
    void readsACommandWrittenBeforeDeadlinesAsOneWithoutDeadline() {
        CommandEnvelope current = Samples.envelope(Samples.commands().get("RevokeSession"));
        ObjectNode node = (ObjectNode) codec.mapper().readTree(codec.encode(current));
        node.remove("deadline");

        CommandEnvelope old = codec.decodeCommand(bytes(node));

        assertThat(old.deadline()).isNull();
        assertThat(old.command()).isEqualTo(current.command());
        assertThat(old.tooLateToDecide(Instant.MAX.minusSeconds(1), Duration.ZERO))
                .isFalse();
    }

    @Test
    void aCommandIsTooLateToDecideOnceItsAnswerCouldNotArriveBeforeTheDeadline() {
        CommandEnvelope command = Samples.envelope(Samples.commands().get("RevokeSession"));
        Duration margin = Duration.ofMillis(500);
        Instant lastMoment = command.deadline().minus(margin);

        assertThat(command.tooLateToDecide(lastMoment.minusMillis(1), margin)).isFalse();
        assertThat(command.tooLateToDecide(lastMoment, margin)).isTrue();
        assertThat(command.tooLateToDecide(command.deadline().plusSeconds(60), margin))
                .isTrue();
    }

    @Test
    void readsASessionCreatedWrittenBeforeAbsoluteExpiryAsEndingAtItsOwnExpiry() {
        ObjectNode node = eventJson(Samples.events().get("SessionCreated"));
        ((ObjectNode) node.get("payload")).remove("absoluteExpiresAt");

        Event.SessionCreated old =
                (Event.SessionCreated) codec.decodeEvent(bytes(node)).event();

        assertThat(old.absoluteExpiresAt()).isNull();
        assertThat(old.absoluteExpiry()).isEqualTo(old.expiresAt());
        assertThat(codec.mapper()
                        .readTree(codec.encode(Samples.envelope(old)))
                        .path("payload")
                        .get("absoluteExpiresAt")
                        .isNull())
                .as("written back with an explicit null")
                .isTrue();
    }

    @Test
    void surfacesAnUnknownEventTypeWithItsPayloadIntact() {
        ObjectNode node = eventJson(Samples.events().get("SessionRevoked"));
        node.put("type", "LockFrozen");
        node.put("schemaVersion", 3);

        EventEnvelope decoded = codec.decodeEvent(bytes(node));

        assertThat(decoded.event()).isInstanceOfSatisfying(UnknownEvent.class, unknown -> {
            assertThat(unknown.type()).isEqualTo("LockFrozen");
            assertThat(unknown.schemaVersion()).isEqualTo(3);
            assertThat(codec.mapper().readTree(unknown.payload())).isEqualTo(node.get("payload"));
        });
        assertThat(codec.mapper().readTree(codec.encode(decoded))).isEqualTo(node);
        assertThat(decoded.sequence()).isEqualTo(7);
    }

    @Test
    void surfacesANewerVersionOfAKnownEventAsUnknownRatherThanGuessing() {
        ObjectNode node = eventJson(Samples.events().get("SessionRevoked"));
        node.put("schemaVersion", 2);

        assertThat(codec.decodeEvent(bytes(node)).event()).isInstanceOf(UnknownEvent.class);
    }

    @Test
    void liftsAnOldPayloadThroughItsUpcaster() {
        ObjectNode node = eventJson(Samples.events().get("SessionRevoked"));
        node.put("schemaVersion", 0);
        ObjectNode payload = (ObjectNode) node.get("payload");
        payload.set("session", payload.remove("sessionId"));
        MessageCodec upcasting = new MessageCodec(List.of(new Upcaster("SessionRevoked", 0, old -> {
            old.set("sessionId", old.remove("session"));
            return old;
        })));

        assertThat(upcasting.decodeEvent(bytes(node)).event())
                .isEqualTo(new SessionRevoked(Samples.SESSION_ID, Samples.SPONSOR));
        assertThatThrownBy(() -> codec.decodeEvent(bytes(node)))
                .isInstanceOf(UnknownMessageException.class)
                .hasMessageContaining("no upcaster");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "null", "{\"type\":\"SessionRevoked\"}", "42"})
    void rejectsMalformedRecordsWithAReason(String json) {
        assertThatThrownBy(() -> codec.decodeEvent(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownMessageException.class);
        assertThatThrownBy(() -> codec.decodeCommand(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownMessageException.class);
    }

    @Test
    void rejectsAnInvalidValueInsideAKnownPayload() {
        ObjectNode node = eventJson(Samples.events().get("CompactAllocated"));
        ((ObjectNode) node.get("payload").get("compact")).put("amount", "-1");

        assertThatThrownBy(() -> codec.decodeEvent(bytes(node)))
                .isInstanceOf(UnknownMessageException.class)
                .hasMessageContaining("CompactAllocated");
    }

    @Test
    void rejectsAnEnvelopeWithASequenceBelowOne() {
        ObjectNode node = eventJson(Samples.events().get("SessionRevoked"));
        node.put("sequence", 0);

        assertThatThrownBy(() -> codec.decodeEvent(bytes(node))).isInstanceOf(UnknownMessageException.class);
    }

    @Test
    void aCommandOfANewerVersionIsUnsupportedAndAMalformedOneIsNot() {
        ObjectNode node = (ObjectNode) codec.mapper()
                .readTree(codec.encode(Samples.envelope(Samples.commands().get("RevokeSession"))));
        node.put("schemaVersion", 99);

        assertThatThrownBy(() -> codec.decodeCommand(bytes(node)))
                .isInstanceOf(UnsupportedMessageException.class)
                .hasMessageContaining("version 99");
        assertThatThrownBy(() -> codec.decodeCommand("{".getBytes(StandardCharsets.UTF_8)))
                .isNotInstanceOf(UnsupportedMessageException.class);
    }

    @Test
    void rejectsAnUnknownCommandType() {
        ObjectNode node = (ObjectNode) codec.mapper()
                .readTree(codec.encode(Samples.envelope(Samples.commands().get("RevokeSession"))));
        node.put("type", "DropTables");

        assertThatThrownBy(() -> codec.decodeCommand(bytes(node)))
                .isInstanceOf(UnknownMessageException.class)
                .hasMessageContaining("DropTables");
    }

    @Test
    void keysRecordsByTheLowercaseSponsor() {
        assertThat(Samples.envelope(Samples.commands().get("AllocateCompact")).key())
                .isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        assertThat(Samples.envelope(Samples.events().get("SessionCreated")).key())
                .isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    }
}

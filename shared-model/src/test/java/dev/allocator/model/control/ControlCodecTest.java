package dev.allocator.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signing control records' wire form: today's records serialize to their golden fixtures, the
 * fixtures stay readable and valid against the published schema, and what the codec cannot
 * understand is refused, never read as "not paused".
 */
class ControlCodecTest {
    private static final ControlCodec CODEC = new ControlCodec();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build()));
    private static final String SCHEMA_PATH = "schemas/control/SigningControl.v1.schema.json";
    private static final Schema SCHEMA = REGISTRY.getSchema(JSON.readTree(resource(SCHEMA_PATH)));
    private static final Actor OPERATOR = Actor.apiKey("k_01HZX3");

    static ControlEvent paused() {
        return new ControlEvent.SigningPaused(
                Instant.parse("2024-11-25T07:00:00Z"), OPERATOR, "Key rotation in progress");
    }

    static ControlEvent resumed() {
        return new ControlEvent.SigningResumed(Instant.parse("2024-11-25T07:30:00Z"), OPERATOR, null);
    }

    static Stream<Arguments> current() {
        return Stream.of(Arguments.of("SigningPaused", paused()), Arguments.of("SigningResumed", resumed()));
    }

    @Nested
    class GoldenFixtures {
        @ParameterizedTest(name = "{0} matches its golden fixture and the schema")
        @MethodSource("dev.allocator.model.control.ControlCodecTest#current")
        void todaysRecordSerializesToItsGoldenFixture(String type, ControlEvent event) {
            byte[] json = CODEC.encode(event);
            byte[] fixture = resource("control/" + type + ".v1.json");

            assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(fixture));
            assertThat(CODEC.decode(fixture)).isEqualTo(event);
            assertThat(SCHEMA.validate(JSON.readTree(fixture))).isEmpty();
        }

        @Test
        void theSchemaIsAValidDraft202012Schema() {
            Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
            JsonNode schema = JSON.readTree(resource(SCHEMA_PATH));

            assertThat(meta.validate(schema)).isEmpty();
            assertThat(schema.at("/properties/version/const").asInt()).isEqualTo(ControlCodec.VERSION);
        }

        @Test
        void theSigningPausedRefusalReplyMatchesItsGoldenFixture() {
            MessageCodec messages = new MessageCodec();
            ReplyEnvelope reply = new ReplyEnvelope(
                    Samples.REQUEST_ID,
                    Samples.NOW,
                    new Reply.Rejected(
                            Rejection.SIGNING_PAUSED,
                            "Signing is paused by the operator; nothing was signed, retry later"));
            byte[] fixture = resource("replies/Rejected.SigningPaused.v1.json");

            assertThat(JSON.readTree(messages.encode(reply))).isEqualTo(JSON.readTree(fixture));
            assertThat(messages.decodeReply(fixture)).isEqualTo(reply);
        }
    }

    @Nested
    class Fold {
        @Test
        void theLastEventDecides() {
            assertThat(SigningStatus.ACTIVE.paused()).isFalse();
            assertThat(SigningStatus.of(paused()).paused()).isTrue();
            assertThat(SigningStatus.of(paused()).since()).isEqualTo(paused().at());
            assertThat(SigningStatus.of(resumed()).paused()).isFalse();
        }
    }

    @Nested
    class Refusals {
        static Stream<Arguments> broken() {
            return Stream.of(
                    Arguments.of("a newer version", (Consumer<ObjectNode>) d -> d.put("version", 2)),
                    Arguments.of("an unknown type", (Consumer<ObjectNode>) d -> d.put("type", "SigningThrottled")),
                    Arguments.of("a missing actor", (Consumer<ObjectNode>) d -> d.remove("actor")),
                    Arguments.of("a reason with a line break", (Consumer<ObjectNode>) d -> d.put("reason", "a\nb")),
                    Arguments.of("a reason longer than 500 characters", (Consumer<ObjectNode>)
                            d -> d.put("reason", "x".repeat(501))),
                    Arguments.of("a time that is no instant", (Consumer<ObjectNode>) d -> d.put("at", "yesterday")));
        }

        @ParameterizedTest(name = "{0} is refused by the codec and the schema")
        @MethodSource("broken")
        void aBrokenRecordIsRefused(String what, Consumer<ObjectNode> breakIt) {
            ObjectNode node = (ObjectNode) JSON.readTree(resource("control/SigningPaused.v1.json"));
            breakIt.accept(node);

            assertThat(SCHEMA.validate(node)).as(what).isNotEmpty();
            assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(node)))
                    .as(what)
                    .isInstanceOf(UnknownMessageException.class);
        }

        @Test
        void unknownFieldsAreIgnored() {
            ObjectNode node = (ObjectNode) JSON.readTree(resource("control/SigningPaused.v1.json"));
            node.put("ticket", "OPS-1");

            assertThat(CODEC.decode(JSON.writeValueAsBytes(node))).isEqualTo(paused());
            assertThat(SCHEMA.validate(node)).isEmpty();
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = ControlCodecTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

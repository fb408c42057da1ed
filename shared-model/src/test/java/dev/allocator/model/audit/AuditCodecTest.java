package dev.allocator.model.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.message.UnsupportedMessageException;
import dev.allocator.model.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit record's wire form: today's record serializes to the golden fixture, every fixture
 * stays readable, and the published schema accepts what the codec writes and refuses what breaks
 * the rules (a secret-sized reason, an unknown actor kind).
 */
class AuditCodecTest {
    private static final AuditCodec CODEC = new AuditCodec();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build()));
    private static final Schema SCHEMA =
            REGISTRY.getSchema(JSON.readTree(resource("schemas/audit/AuditRecord.v1.schema.json")));

    static AuditRecord sample() {
        return new AuditRecord(
                UUID.fromString("3f9a1c2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b"),
                Instant.parse("2024-11-25T06:00:00Z"),
                AuditAction.SIGN_IN_FAILED,
                Actor.sponsor(Samples.SPONSOR),
                AuditOutcome.REFUSED,
                "INVALID_SIGNATURE",
                Samples.REQUEST_ID,
                Map.of("chainId", "10"));
    }

    @Nested
    class GoldenFixture {
        @Test
        void todaysRecordSerializesToItsGoldenFixture() {
            byte[] json = CODEC.encode(sample());

            assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(resource("audit/AuditRecord.v1.json")));
            assertThat(CODEC.decode(json)).isEqualTo(sample());
        }

        @Test
        void theGoldenFixtureIsReadableAndValidAgainstTheSchema() {
            byte[] fixture = resource("audit/AuditRecord.v1.json");

            assertThat(CODEC.decode(fixture)).isEqualTo(sample());
            assertThat(SCHEMA.validate(JSON.readTree(fixture))).isEmpty();
        }

        @Test
        void theSchemaIsAValidDraft202012Schema() {
            Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
            JsonNode schema = JSON.readTree(resource("schemas/audit/AuditRecord.v1.schema.json"));

            assertThat(meta.validate(schema)).isEmpty();
            assertThat(schema.at("/properties/type/const").asString()).isEqualTo(AuditCodec.TYPE);
            assertThat(schema.at("/properties/schemaVersion/const").asInt()).isEqualTo(AuditCodec.VERSION);
            assertThat(schema.path("description").asString()).contains("Additive changes are compatible");
        }
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest(name = "{0} with every actor kind and outcome round-trips and is valid")
        @EnumSource(AuditAction.class)
        void everyActionRoundTripsAndIsValidAgainstTheSchema(AuditAction action) {
            for (Actor actor :
                    List.of(Actor.sponsor(Samples.SPONSOR), Actor.apiKey("k_01HZX3"), Actor.clientIp("2001:db8::1"))) {
                for (AuditOutcome outcome : AuditOutcome.values()) {
                    AuditRecord record = new AuditRecord(
                            UUID.randomUUID(),
                            Samples.NOW.plusNanos(123_000_000),
                            action,
                            actor,
                            outcome,
                            outcome == AuditOutcome.SUCCESS ? null : "SOME_CODE",
                            outcome == AuditOutcome.FAILED ? null : "req-1",
                            outcome == AuditOutcome.SUCCESS ? Map.of() : Map.of("path", "/session", "count", "3"));

                    byte[] json = CODEC.encode(record);

                    assertThat(CODEC.decode(json)).isEqualTo(record);
                    assertThat(SCHEMA.validate(JSON.readTree(json))).isEmpty();
                }
            }
        }

        @Test
        void unknownFieldsAreIgnored() {
            ObjectNode node = fixture();
            node.put("addedLater", true);
            ((ObjectNode) node.get("actor")).put("label", "x");

            assertThat(CODEC.decode(JSON.writeValueAsBytes(node))).isEqualTo(sample());
            assertThat(SCHEMA.validate(node)).isEmpty();
        }
    }

    @Nested
    class Refusals {
        static Stream<Arguments> broken() {
            return Stream.of(
                    broken("a newer schema version", d -> d.put("schemaVersion", 2)),
                    broken("another type", d -> d.put("type", "SessionCreated")),
                    broken("an unknown actor kind", d -> ((ObjectNode) d.get("actor")).put("kind", "robot")),
                    broken("an unknown outcome", d -> d.put("outcome", "maybe")),
                    broken("a reason longer than 200 characters", d -> d.put("reason", "x".repeat(201))),
                    broken("a reason with a line break", d -> d.put("reason", "a\nb")),
                    broken("a numeric detail", d -> ((ObjectNode) d.get("details")).put("count", 3)),
                    broken("an id that is no UUID", d -> d.put("id", "record-1")),
                    broken("a missing actor", d -> d.remove("actor")));
        }

        private static Arguments broken(String what, Consumer<ObjectNode> breakIt) {
            return Arguments.of(what, breakIt);
        }

        @ParameterizedTest(name = "{0} is refused by the codec and the schema")
        @MethodSource("broken")
        void aBrokenRecordIsRefusedByCodecAndSchema(String what, Consumer<ObjectNode> breakIt) {
            ObjectNode node = fixture();
            breakIt.accept(node);

            List<Error> errors = SCHEMA.validate(node);
            assertThat(errors).as(what).isNotEmpty();
            assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(node)))
                    .as(what)
                    .isInstanceOf(UnknownMessageException.class);
        }

        @Test
        void anActorIdLongerThanAKeyIdIsRefused() {
            assertThatThrownBy(() -> Actor.apiKey("sk_live_" + "a".repeat(64)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void tooManyDetailsAreRefused() {
            Map<String, String> details = new HashMap<>();
            for (int i = 0; i <= AuditRecord.MAX_DETAILS; i++) {
                details.put("k" + i, "v");
            }
            assertThatThrownBy(() -> new AuditRecord(
                            UUID.randomUUID(),
                            Samples.NOW,
                            AuditAction.SIGN_IN,
                            Actor.clientIp("127.0.0.1"),
                            AuditOutcome.SUCCESS,
                            null,
                            null,
                            details))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void malformedJsonIsUnreadable() {
            assertThatThrownBy(() -> CODEC.decode("{".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(UnknownMessageException.class);
        }
    }

    @Nested
    class WrittenByANewerRelease {
        @Test
        void aNewerSchemaVersionIsUnsupportedNotUnreadable() {
            ObjectNode node = fixture();
            node.put("schemaVersion", AuditCodec.VERSION + 1);

            assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(node)))
                    .isInstanceOf(UnsupportedMessageException.class)
                    .hasMessageContaining("schema version 2");
        }

        @Test
        void anActionThisReleaseDoesNotKnowIsUnsupportedNotUnreadable() {
            ObjectNode node = fixture();
            node.put("action", "SOMETHING_ADDED_LATER");

            assertThat(SCHEMA.validate(node))
                    .as("the schema allows new actions")
                    .isEmpty();
            assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(node)))
                    .isInstanceOf(UnsupportedMessageException.class)
                    .hasMessageContaining("SOMETHING_ADDED_LATER");
        }

        @Test
        void aMalformedRecordIsUnreadableNotUnsupported() {
            assertThatThrownBy(() -> CODEC.decode("{".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(UnknownMessageException.class)
                    .isNotInstanceOf(UnsupportedMessageException.class);
        }
    }

    private static ObjectNode fixture() {
        return (ObjectNode) JSON.readTree(resource("audit/AuditRecord.v1.json"));
    }

    private static byte[] resource(String path) {
        try (InputStream in = AuditCodecTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

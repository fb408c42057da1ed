package dev.allocator.model.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.testing.Samples;
import dev.allocator.model.value.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published event schemas in {@code schemas/events} must accept every event the codec writes,
 * today and in every historical fixture, and must reject documents that break the wire rules. A
 * new event type or version cannot ship without its schema file.
 */
class EventSchemaTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final Pattern FIXTURE_NAME = Pattern.compile("([A-Za-z]+)\\.v([0-9]+)\\.json");
    private static final Pattern SCHEMA_NAME = Pattern.compile("([A-Za-z]+)\\.v([0-9]+)\\.schema\\.json");

    /** Offline: the draft 2020-12 meta-schema ships inside the validator, nothing is fetched. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build()));

    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    static Stream<Arguments> eventFixtures() {
        return listResources("events").stream().map(Arguments::of);
    }

    static Stream<Arguments> schemaFiles() {
        return listResources("schemas/events").stream().map(Arguments::of);
    }

    static Stream<Arguments> sampleEvents() {
        return Samples.events().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} is valid against its schema")
    @MethodSource("eventFixtures")
    void everyGoldenFixtureIsValidAgainstItsSchema(String file) {
        Matcher name = FIXTURE_NAME.matcher(file);
        assertThat(name.matches())
                .as("fixture %s is named <Type>.v<N>.json", file)
                .isTrue();
        JsonNode document = tree(resource("events/" + file));

        assertThat(document.path("type").asString()).isEqualTo(name.group(1));
        assertThat(document.path("schemaVersion").asInt()).isEqualTo(Integer.parseInt(name.group(2)));
        assertThat(errors(document)).isEmpty();
    }

    @ParameterizedTest(name = "a freshly encoded {0} is valid against its schema")
    @MethodSource("sampleEvents")
    void everyFreshlyEncodedEventIsValidAgainstItsSchema(String type, Event event) {
        JsonNode document = encode(event);

        assertThat(document.path("type").asString()).isEqualTo(type);
        assertThat(errors(document)).isEmpty();
    }

    @Test
    void nullableFieldsMayBeNull() {
        Compact withoutWitness = new Compact(
                Samples.ARBITER,
                Samples.SPONSOR,
                Samples.compact().nonce(),
                Samples.compact().expires(),
                Samples.LOCK,
                Samples.compact().amount(),
                null,
                null);
        LockSnapshot unknownLock = new LockSnapshot(
                Samples.CHAIN,
                Samples.LOCK,
                Samples.SPONSOR,
                null,
                0,
                null,
                1,
                Samples.compact().amount(),
                List.of(),
                Samples.NOW);
        Bytes32 claimHash = CompactV0.claimHash(withoutWitness);
        Bytes32 digest = CompactV0.digest(Samples.CHAIN, claimHash);
        CompactAllocated event = new CompactAllocated(
                Samples.SESSION_ID,
                Samples.CHAIN,
                withoutWitness,
                claimHash,
                digest,
                Samples.ALLOCATOR.sign(digest),
                false,
                unknownLock,
                null);

        JsonNode document = encode(event);

        assertThat(document.at("/payload/compact/witnessHash").isNull()).isTrue();
        assertThat(document.at("/payload/snapshot/balance").isNull()).isTrue();
        assertThat(document.at("/payload/idempotencyKey").isNull()).isTrue();
        assertThat(errors(document)).isEmpty();
    }

    @Test
    void additiveFieldsAreAccepted() {
        ObjectNode document = compactAllocatedFixture();
        document.put("addedLater", "x");
        payload(document).put("anotherNewField", 42);
        ((ObjectNode) payload(document).get("compact")).put("futureField", true);
        ((ObjectNode) payload(document).get("snapshot")).putNull("futureNullable");

        assertThat(errors(document)).isEmpty();
    }

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                broken(
                        "a negative amount",
                        "/payload/compact/amount",
                        d -> compact(d).put("amount", "-1")),
                broken(
                        "an amount with a leading zero",
                        "/payload/compact/amount",
                        d -> compact(d).put("amount", "01")),
                broken(
                        "an amount as a JSON number",
                        "/payload/compact/amount",
                        d -> compact(d).put("amount", 1)),
                broken(
                        "an amount of 79 digits",
                        "/payload/compact/amount",
                        d -> compact(d).put("amount", "1" + "0".repeat(78))),
                broken("a missing claimHash", "/payload", d -> payload(d).remove("claimHash")),
                broken(
                        "uppercase hex in claimHash",
                        "/payload/claimHash",
                        d -> payload(d).put("claimHash", "0x" + "AB".repeat(32))),
                broken(
                        "a 65-byte signature",
                        "/payload/signature",
                        d -> payload(d)
                                .put("signature", payload(d).get("signature").asString() + "1b")),
                broken(
                        "a malformed address",
                        "/payload/compact/arbiter",
                        d -> compact(d).put("arbiter", "0x3C44")),
                broken(
                        "a witness hash without its type string",
                        "/payload/compact",
                        d -> compact(d).putNull("witnessTypeString")),
                broken("a null nonce", "/payload/compact/nonce", d -> compact(d).putNull("nonce")),
                broken("a string chain id", "/payload/chainId", d -> payload(d).put("chainId", "10")),
                broken("a duplicated processed claim", "/payload/snapshot/processedClaims", d -> {
                    ArrayNode claims = (ArrayNode) d.at("/payload/snapshot/processedClaims");
                    claims.add(claims.get(0).asString());
                }),
                broken(
                        "a checksummed envelope sponsor",
                        "/sponsor",
                        d -> d.put("sponsor", Samples.SPONSOR.checksummed())),
                broken("sequence 0", "/sequence", d -> d.put("sequence", 0)),
                broken("a wrong schemaVersion", "/schemaVersion", d -> d.put("schemaVersion", 2)),
                broken("a wrong type", "/type", d -> d.put("type", "SessionCreated")),
                broken("an eventId that is no UUID", "/eventId", d -> d.put("eventId", "event-1")),
                broken("an occurredAt that is no date-time", "/occurredAt", d -> d.put("occurredAt", "2024-11-25")),
                broken("a missing payload", "", d -> d.remove("payload")));
    }

    private static Arguments broken(String what, String location, Consumer<ObjectNode> breakIt) {
        return Arguments.of(what, location, breakIt);
    }

    @ParameterizedTest(name = "{0} fails validation")
    @MethodSource("brokenDocuments")
    void aBrokenDocumentFailsValidation(String what, String location, Consumer<ObjectNode> breakIt) {
        ObjectNode document = compactAllocatedFixture();
        breakIt.accept(document);

        List<Error> errors = errors(schemaFile("CompactAllocated", 1), document);

        assertThat(errors).as(what).isNotEmpty();
        assertThat(errors)
                .as("%s is reported at %s: %s", what, location, errors)
                .anyMatch(error -> pointer(error).equals(location));
    }

    @Test
    void everyEventTypeTheCodecWritesHasASchema() {
        Set<Class<?>> sampled =
                Samples.events().values().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declared = Arrays.stream(Event.class.getPermittedSubclasses())
                .filter(type -> type != UnknownEvent.class)
                .collect(Collectors.toSet());
        assertThat(sampled)
                .as("Samples.events() has an instance of every event record")
                .isEqualTo(declared);

        for (Map.Entry<String, Event> sample : Samples.events().entrySet()) {
            JsonNode document = encode(sample.getValue());
            String file = schemaFile(
                    document.path("type").asString(),
                    document.path("schemaVersion").asInt());
            assertThat(EventSchemaTest.class.getResource("/" + file))
                    .as("%s has a schema at %s", sample.getKey(), file)
                    .isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} is a valid draft 2020-12 schema with a golden fixture")
    @MethodSource("schemaFiles")
    void everySchemaIsAValidSchemaWithAGoldenFixture(String file) {
        Matcher name = SCHEMA_NAME.matcher(file);
        assertThat(name.matches())
                .as("schema %s is named <Type>.v<N>.schema.json", file)
                .isTrue();
        assertThat(EventSchemaTest.class.getResource("/events/" + name.group(1) + ".v" + name.group(2) + ".json"))
                .as("schema %s has a golden fixture", file)
                .isNotNull();

        JsonNode schema = tree(resource("schemas/events/" + file));
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.at("/properties/type/const").asString()).isEqualTo(name.group(1));
        assertThat(schema.at("/properties/schemaVersion/const").asInt()).isEqualTo(Integer.parseInt(name.group(2)));
        assertThat(schema.path("additionalProperties").asBoolean()).isTrue();
        assertThat(schema.at("/properties/payload/additionalProperties").asBoolean())
                .isTrue();
        assertThat(schema.path("description").asString()).contains("Additive changes are compatible");
    }

    /** Each schema file stands alone, so the definitions they share must not drift apart. */
    @Test
    void sharedDefinitionsAndEnvelopeFieldsAreIdenticalInEverySchema() {
        Map<String, JsonNode> firstSeen = new HashMap<>();
        for (String file : listResources("schemas/events")) {
            JsonNode schema = tree(resource("schemas/events/" + file));
            schema.path("$defs").properties().forEach(def -> {
                JsonNode previous = firstSeen.putIfAbsent("$defs/" + def.getKey(), def.getValue());
                assertThat(def.getValue())
                        .as("%s $defs/%s", file, def.getKey())
                        .isEqualTo(previous == null ? def.getValue() : previous);
            });
            schema.path("properties").properties().forEach(field -> {
                if (!List.of("type", "schemaVersion", "payload").contains(field.getKey())) {
                    JsonNode previous = firstSeen.putIfAbsent("properties/" + field.getKey(), field.getValue());
                    assertThat(field.getValue())
                            .as("%s properties/%s", file, field.getKey())
                            .isEqualTo(previous == null ? field.getValue() : previous);
                }
            });
            assertThat(schema.path("required"))
                    .as("%s requires every envelope field", file)
                    .isEqualTo(CODEC.mapper()
                            .valueToTree(List.of(
                                    "eventId",
                                    "type",
                                    "schemaVersion",
                                    "sponsor",
                                    "sequence",
                                    "occurredAt",
                                    "requestId",
                                    "payload")));
        }
    }

    /** Validates against the schema the document's own type and version name. */
    private static List<Error> errors(JsonNode document) {
        return errors(
                schemaFile(
                        document.path("type").asString(),
                        document.path("schemaVersion").asInt()),
                document);
    }

    private static List<Error> errors(String schemaFile, JsonNode document) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaFile, f -> REGISTRY.getSchema(tree(resource(f))));
        return schema.validate(document);
    }

    private static String schemaFile(String type, int version) {
        return "schemas/events/" + type + ".v" + version + ".schema.json";
    }

    /** The error's instance location as a JSON pointer, whichever path style the validator reports. */
    private static String pointer(Error error) {
        String path = error.getInstanceLocation().toString();
        if (path.startsWith("$")) {
            path = path.substring(1).replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
        }
        return path;
    }

    private static JsonNode encode(Event event) {
        return tree(CODEC.encode(Samples.envelope(event)));
    }

    private static ObjectNode compactAllocatedFixture() {
        return (ObjectNode) tree(resource("events/CompactAllocated.v1.json"));
    }

    private static ObjectNode payload(ObjectNode document) {
        return (ObjectNode) document.get("payload");
    }

    private static ObjectNode compact(ObjectNode document) {
        return (ObjectNode) payload(document).get("compact");
    }

    private static JsonNode tree(byte[] json) {
        return CODEC.mapper().readTree(json);
    }

    private static byte[] resource(String path) {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> listResources(String folder) {
        try {
            Path dir = Paths.get(EventSchemaTest.class.getResource("/" + folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                List<String> names =
                        files.map(p -> p.getFileName().toString()).sorted().toList();
                assertThat(names).as("files in %s", folder).isNotEmpty();
                return names;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.allocator.model.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.allocator.model.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The AsyncAPI 3.0 document for subscribers ({@code asyncapi/allocator.asyncapi.yaml}) must stay
 * true to what the system writes: a message for every event type and version the codec and the
 * schema folders know, each payload the published schema file itself, every golden fixture valid
 * against the message it claims to be, and a document whose references all resolve. The official
 * AsyncAPI meta-schema is not available offline, so the rules it would check that matter here are
 * checked structurally.
 */
class AsyncApiDocumentTest {
    private static final String DOCUMENT = "asyncapi/allocator.asyncapi.yaml";
    private static final MessageCodec CODEC = new MessageCodec();
    private static final JsonNode ASYNCAPI = readYaml(DOCUMENT);
    private static final Pattern COMPONENT_KEY = Pattern.compile("^[a-zA-Z0-9.\\-_]+$");
    private static final Set<String> ROOT_FIELDS =
            Set.of("asyncapi", "id", "info", "servers", "defaultContentType", "channels", "operations", "components");
    /** The schema folders whose every file is a message, with the topic that carries it. */
    private static final Map<String, String> FOLDERS = Map.of(
            "events", Topics.EVENTS,
            "audit", Topics.AUDIT,
            "control", Topics.CONTROL);

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build()));

    /** A message of the document with what its payload reference points at. */
    record Message(String channel, String key, String name, int version, String schemaFile, Set<String> types) {}

    @Test
    void isAnAsyncApi3DocumentWithOnlyTheFieldsTheSpecAllows() {
        assertThat(ASYNCAPI.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(ASYNCAPI.at("/info/title").asString()).isNotBlank();
        assertThat(ASYNCAPI.at("/info/version").asString()).isNotBlank();
        assertThat(ASYNCAPI.path("defaultContentType").asString()).isEqualTo("application/json");
        for (String field : ASYNCAPI.propertyNames()) {
            assertThat(ROOT_FIELDS.contains(field) || field.startsWith("x-"))
                    .as("root field %s is allowed by AsyncAPI 3.0", field)
                    .isTrue();
        }
        ASYNCAPI.path("servers").properties().forEach(server -> {
            assertThat(server.getValue().path("host").asString())
                    .as("server host")
                    .isNotBlank();
            assertThat(server.getValue().path("protocol").asString()).isEqualTo("kafka");
        });
        ASYNCAPI.path("components")
                .properties()
                .forEach(section -> section.getValue()
                        .propertyNames()
                        .forEach(key -> assertThat(key)
                                .as("components/%s key", section.getKey())
                                .matches(COMPONENT_KEY)));
        ASYNCAPI.path("channels").propertyNames().forEach(key -> assertThat(key).matches(COMPONENT_KEY));
        ASYNCAPI.path("operations")
                .propertyNames()
                .forEach(key -> assertThat(key).matches(COMPONENT_KEY));
    }

    @Test
    void everyReferenceResolvesInsideTheDocumentOrToAShippedSchemaFile() {
        List<String> refs = new ArrayList<>();
        collectRefs(ASYNCAPI, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                assertThat(resolve(ref).isMissingNode()).as("%s resolves", ref).isFalse();
            } else {
                assertThat(relative(ref))
                        .as("%s is a file next to the document", ref)
                        .isNotNull();
            }
        }
    }

    @Test
    void everyOperationNamesAChannelAndOnlyThatChannelsMessages() {
        assertThat(ASYNCAPI.path("operations").size()).isPositive();
        ASYNCAPI.path("operations").properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            assertThat(operation.path("action").asString())
                    .as("action of %s", entry.getKey())
                    .isIn("send", "receive");
            String channel = operation.at("/channel/$ref").asString();
            assertThat(channel).as("channel of %s", entry.getKey()).startsWith("#/channels/");
            assertThat(resolve(channel).isObject()).isTrue();
            assertThat(operation.path("messages").size()).isPositive();
            for (JsonNode message : operation.path("messages")) {
                String ref = message.path("$ref").asString();
                assertThat(ref)
                        .as("%s takes its messages from its channel", entry.getKey())
                        .startsWith(channel + "/messages/");
                assertThat(resolve(ref).isMissingNode()).isFalse();
            }
        });
        ASYNCAPI.path("channels").properties().forEach(channel -> {
            assertThat(channel.getValue().path("address").asString()).isNotBlank();
            assertThat(channel.getValue().at("/bindings/kafka/topic").asString())
                    .isEqualTo(channel.getValue().path("address").asString());
        });
    }

    @Test
    void theEventAndAuditTopicsAreKeptForeverAndReadCommitted() {
        for (String topic : List.of(Topics.EVENTS, Topics.AUDIT)) {
            JsonNode channel = channelByAddress(topic);
            assertThat(channel.at("/bindings/kafka/topicConfiguration/retention.ms")
                            .asLong())
                    .as("retention of %s", topic)
                    .isEqualTo(-1L);
            assertThat(channel.path("description").asString()).contains("Retention: forever");
        }
        assertThat(channelByAddress(Topics.EVENTS).path("description").asString())
                .contains("read_committed")
                .contains("partition");
        assertThat(ASYNCAPI.at("/info/description").asString()).contains("stops reading that partition");
    }

    @Test
    void everyEventTypeAndVersionTheCodecWritesHasAMessage() {
        List<Message> messages = messages();
        for (Map.Entry<String, Event> sample : Samples.events().entrySet()) {
            JsonNode encoded = CODEC.mapper().readTree(CODEC.encode(Samples.envelope(sample.getValue())));
            String type = encoded.path("type").asString();
            int version = encoded.path("schemaVersion").asInt();
            assertThat(messages)
                    .as("a message for %s version %d on %s", type, version, Topics.EVENTS)
                    .anyMatch(m -> m.name().equals(type)
                            && m.version() == version
                            && m.channel().equals(Topics.EVENTS));
        }
    }

    @Test
    void everySchemaFileIsThePayloadOfExactlyOneMessageOnItsTopic() {
        List<Message> messages = messages();
        Set<String> referenced = new HashSet<>();
        for (Message message : messages) {
            assertThat(referenced.add(message.schemaFile()))
                    .as("%s is the payload of one message only", message.schemaFile())
                    .isTrue();
        }
        for (Map.Entry<String, String> folder : FOLDERS.entrySet()) {
            for (String file : list("schemas/" + folder.getKey())) {
                String path = "schemas/" + folder.getKey() + "/" + file;
                assertThat(messages)
                        .as("%s is the payload of a message on %s", path, folder.getValue())
                        .anyMatch(
                                m -> m.schemaFile().equals(path) && m.channel().equals(folder.getValue()));
            }
        }
    }

    @Test
    void everyMessageIsNamedAfterTheTypeAndVersionOfItsSchema() {
        for (Message message : messages()) {
            assertThat(message.key()).isEqualTo(message.name() + ".v" + message.version());
            JsonNode component = ASYNCAPI.at("/components/messages/" + message.key());
            assertThat(component.path("contentType").asString()).isEqualTo("application/json");
            assertThat(component.at("/payload/schemaFormat").asString())
                    .isEqualTo("application/schema+json;version=draft-2020-12");
            assertThat(component.at("/bindings/kafka/key/$ref").asString())
                    .as("%s names its record key", message.key())
                    .startsWith("#/components/schemas/");
            assertThat(component.at("/headers/$ref").asString()).isEqualTo("#/components/schemas/EventHeaders");
        }
    }

    static Stream<String> goldenFixtures() {
        List<String> fixtures = new ArrayList<>();
        for (String folder : FOLDERS.keySet()) {
            if (AsyncApiDocumentTest.class.getResource("/" + folder) != null
                    && AsyncApiDocumentTest.class.getResource("/schemas/" + folder) != null) {
                list(folder).forEach(file -> fixtures.add(folder + "/" + file));
            }
        }
        return fixtures.stream().sorted();
    }

    @ParameterizedTest(name = "{0} is valid against the message it claims to be")
    @MethodSource("goldenFixtures")
    void everyGoldenFixtureIsValidAgainstTheMessageItClaims(String fixture) {
        JsonNode document = CODEC.mapper().readTree(read(fixture));
        String type = document.path("type").asString();
        int version = versionOf(document);
        String topic = FOLDERS.get(fixture.substring(0, fixture.indexOf('/')));

        Message message = messages().stream()
                .filter(m -> m.types().contains(type)
                        && m.version() == version
                        && m.channel().equals(topic))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message for " + type + " v" + version + " on " + topic));

        Schema payload = REGISTRY.getSchema(CODEC.mapper().readTree(read(message.schemaFile())));
        assertThat(payload.validate(document)).as("payload of %s", fixture).isEmpty();

        JsonNode key = keyOf(topic, document);
        if (key != null) {
            JsonNode keySchema =
                    resolve(ASYNCAPI.at("/components/messages/" + message.key() + "/bindings/kafka/key/$ref")
                            .asString());
            assertThat(REGISTRY.getSchema(CODEC.mapper().valueToTree(keySchema)).validate(key))
                    .as("record key of %s", fixture)
                    .isEmpty();
        }
    }

    @Test
    void aRecordKeyThatIsNotTheLowercaseSponsorFailsTheEventKeySchema() {
        Schema sponsorKey = REGISTRY.getSchema(CODEC.mapper().valueToTree(resolve("#/components/schemas/SponsorKey")));
        assertThat(sponsorKey.validate(CODEC.mapper().getNodeFactory().stringNode(Samples.SPONSOR.lowercase())))
                .isEmpty();
        assertThat(sponsorKey.validate(CODEC.mapper().getNodeFactory().stringNode(Samples.SPONSOR.checksummed())))
                .isNotEmpty();
    }

    /** The record key a fixture's record carries, by the topic's rule; null where no rule is known. */
    private static JsonNode keyOf(String topic, JsonNode document) {
        if (topic.equals(Topics.EVENTS)) {
            return document.path("sponsor");
        }
        if (topic.equals(Topics.AUDIT)) {
            return document.at("/actor/id");
        }
        if (topic.equals(Topics.CONTROL)) {
            return CODEC.mapper().getNodeFactory().stringNode("signing");
        }
        return null;
    }

    private static List<Message> messages() {
        List<Message> messages = new ArrayList<>();
        ASYNCAPI.path("channels").properties().forEach(channel -> {
            String address = channel.getValue().path("address").asString();
            channel.getValue().path("messages").properties().forEach(entry -> {
                JsonNode message = resolve(entry.getValue().path("$ref").asString());
                String schemaRef = message.at("/payload/schema/$ref").asString();
                assertThat(schemaRef)
                        .as("payload of %s is a reference to a schema file", entry.getKey())
                        .startsWith("../schemas/");
                String schemaFile = schemaRef.substring("../".length());
                JsonNode schema = CODEC.mapper().readTree(read(schemaFile));
                String name = message.path("name").asString();
                Set<String> types = new HashSet<>();
                JsonNode type = schema.at("/properties/type");
                if (type.has("const")) {
                    types.add(type.path("const").asString());
                    assertThat(types)
                            .as("%s names the type its schema fixes", entry.getKey())
                            .containsExactly(name);
                } else {
                    // One schema for a family of types (the control topic's SigningPaused and
                    // SigningResumed): the message is named after the schema file.
                    type.path("enum").forEach(value -> types.add(value.asString()));
                    assertThat(types).as("types of %s", entry.getKey()).isNotEmpty();
                    assertThat(schemaFile)
                            .as("%s names its schema file", entry.getKey())
                            .contains("/" + name + ".v");
                }
                messages.add(new Message(
                        address, entry.getKey(), name, versionOf(schema.path("properties")), schemaFile, types));
            });
        });
        return messages;
    }

    /**
     * The version an event or audit record carries in {@code schemaVersion}, a control record in
     * {@code version}; of a schema's properties, the version it fixes.
     */
    private static int versionOf(JsonNode node) {
        JsonNode version = node.has("schemaVersion") ? node.path("schemaVersion") : node.path("version");
        return version.has("const") ? version.path("const").asInt() : version.asInt();
    }

    private static JsonNode channelByAddress(String address) {
        for (JsonNode channel : ASYNCAPI.path("channels")) {
            if (channel.path("address").asString().equals(address)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + address);
    }

    private static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        return ASYNCAPI.at(ref.substring(1));
    }

    private static URL relative(String ref) {
        return AsyncApiDocumentTest.class.getResource("/asyncapi/" + ref);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref")) {
                    refs.add(entry.getValue().asString());
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }

    private static JsonNode readYaml(String path) {
        return YAMLMapper.builder().build().readTree(read(path));
    }

    private static byte[] read(String path) {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String folder) {
        try {
            Path dir = Paths.get(
                    AsyncApiDocumentTest.class.getResource("/" + folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

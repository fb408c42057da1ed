package dev.allocator.model.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Today's records must serialize to the fixture of their current version, and every fixture ever
 * written must still be readable. Fixtures are never deleted: a new version adds a file.
 */
class GoldenFixturesTest {
    private static final MessageCodec CODEC = new MessageCodec();

    static Stream<Arguments> currentEvents() {
        return named(Samples.events());
    }

    static Stream<Arguments> currentCommands() {
        return named(Samples.commands());
    }

    static Stream<Arguments> currentReplies() {
        return named(Samples.replies());
    }

    private static Stream<Arguments> named(Map<String, ?> samples) {
        return samples.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> historicalEventFixtures() {
        return fixtures("events");
    }

    @ParameterizedTest(name = "{0} matches its golden fixture")
    @MethodSource("currentEvents")
    void eventSerializesToItsGoldenFixture(String type, Event event) {
        byte[] json = CODEC.encode(Samples.envelope(event));
        int version = tree(json).path("schemaVersion").asInt();
        assertThat(tree(json)).isEqualTo(tree(fixture("events/" + type + ".v" + version + ".json")));
        assertThat(CODEC.decodeEvent(json)).isEqualTo(Samples.envelope(event));
    }

    @ParameterizedTest(name = "{0} matches its golden fixture")
    @MethodSource("currentCommands")
    void commandSerializesToItsGoldenFixture(String type, Command command) {
        byte[] json = CODEC.encode(Samples.envelope(command));
        assertThat(tree(json)).isEqualTo(tree(fixture("commands/" + type + ".v1.json")));
        assertThat(CODEC.decodeCommand(json)).isEqualTo(Samples.envelope(command));
    }

    @ParameterizedTest(name = "{0} matches its golden fixture")
    @MethodSource("currentReplies")
    void replySerializesToItsGoldenFixture(String type, Reply reply) {
        byte[] json = CODEC.encode(Samples.envelope(reply));
        assertThat(tree(json)).isEqualTo(tree(fixture("replies/" + type + ".v1.json")));
        assertThat(CODEC.decodeReply(json)).isEqualTo(Samples.envelope(reply));
    }

    @ParameterizedTest(name = "{0} is still readable")
    @MethodSource("historicalEventFixtures")
    void everyHistoricalEventFixtureIsReadable(String file) {
        EventEnvelope envelope = CODEC.decodeEvent(fixture("events/" + file));
        assertThat(envelope.event()).isNotInstanceOf(UnknownEvent.class);
        assertThat(file).startsWith(CODEC.typeName(envelope.event()) + ".v");
    }

    /** A version 1 event gains the fingerprint of its request, computed from its own fields. */
    @Test
    void liftsAVersionOneCompactAllocatedWithTheFingerprintOfItsRequest() {
        EventEnvelope lifted = CODEC.decodeEvent(fixture("events/CompactAllocated.v1.json"));
        Command.AllocateCompact request =
                (Command.AllocateCompact) Samples.commands().get("AllocateCompact");

        assertThat(lifted).isEqualTo(Samples.envelope(Samples.events().get("CompactAllocated")));
        assertThat(((Event.CompactAllocated) lifted.event()).requestFingerprint())
                .isEqualTo(request.fingerprint());
    }

    private static Stream<Arguments> fixtures(String folder) {
        try {
            Path dir =
                    Paths.get(GoldenFixturesTest.class.getResource("/" + folder).toURI());
            List<Arguments> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.map(p -> p.getFileName().toString()).sorted().forEach(name -> files.add(Arguments.of(name)));
            }
            assertThat(files).isNotEmpty();
            return files.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fixture(String path) {
        try (var in = GoldenFixturesTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as("fixture %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] json) {
        return CODEC.mapper().readTree(json);
    }
}

package dev.allocator.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The repository's files as the tests read them: found from the working directory upwards. */
final class RepoFiles {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private RepoFiles() {}

    /** The repository root: the nearest ancestor of the working directory with docker-compose.yml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String relative) {
        return YAML.readTree(read(relative));
    }

    static JsonNode json(String relative) {
        return JSON.readTree(read(relative));
    }

    static JsonNode parseJson(String text) {
        return JSON.readTree(text);
    }

    /** Lines of a file without comments and blank lines. */
    static List<String> significantLines(String relative) {
        List<String> lines = new ArrayList<>();
        for (String line : read(relative).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    /** A YAML mapping as an ordered Java map of its entries. */
    static Map<String, JsonNode> entries(JsonNode mapping) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        if (mapping != null && mapping.isObject()) {
            for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return result;
    }
}

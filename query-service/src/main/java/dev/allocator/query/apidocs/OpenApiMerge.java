package dev.allocator.query.apidocs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI documents into the one the gateway serves, as a pure function. The
 * first document (the query service's) gives the info; every path, operation, tag and component
 * of the others is added. An operation or a component that two documents define differently is a
 * conflict: the first one stays and the conflict is reported, since the gateway routes each path
 * and method to one service only. The one exception is the {@code ErrorCode} enumeration, which
 * each service generates from its own codes: its values are united.
 */
final class OpenApiMerge {
    static final String ERROR_CODE = "ErrorCode";

    /** The merged document and what could not be merged. */
    record Result(ObjectNode document, List<String> conflicts) {}

    private OpenApiMerge() {}

    /**
     * @param documents by source name, the first the base
     * @param missing the sources that did not answer, recorded in {@code info.x-missing-sources}
     */
    static Result merge(Map<String, JsonNode> documents, Set<String> missing) {
        List<String> conflicts = new ArrayList<>();
        ObjectNode merged = null;
        for (Map.Entry<String, JsonNode> entry : documents.entrySet()) {
            ObjectNode document = (ObjectNode) entry.getValue().deepCopy();
            if (merged == null) {
                merged = document;
                continue;
            }
            mergePaths(merged, document, entry.getKey(), conflicts);
            mergeTags(merged, document);
            mergeComponents(merged, document, entry.getKey(), conflicts);
        }
        if (merged == null) {
            merged = JsonNodeFactory.instance.objectNode();
        }
        // Relative to wherever it is read: the gateway's origin, or local mode's.
        ArrayNode servers = merged.putArray("servers");
        servers.addObject().put("url", "/").put("description", "this origin");
        ObjectNode info = merged.has("info") ? (ObjectNode) merged.get("info") : merged.putObject("info");
        if (!missing.isEmpty()) {
            ArrayNode list = info.putArray("x-missing-sources");
            missing.forEach(list::add);
        }
        return new Result(merged, List.copyOf(conflicts));
    }

    private static void mergePaths(ObjectNode merged, ObjectNode document, String source, List<String> conflicts) {
        JsonNode paths = document.path("paths");
        ObjectNode target = merged.has("paths") ? (ObjectNode) merged.get("paths") : merged.putObject("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!target.has(path.getKey())) {
                target.set(path.getKey(), path.getValue());
                continue;
            }
            ObjectNode existing = (ObjectNode) target.get(path.getKey());
            for (Map.Entry<String, JsonNode> member : path.getValue().properties()) {
                if (!existing.has(member.getKey())) {
                    existing.set(member.getKey(), member.getValue());
                } else if (!existing.get(member.getKey()).equals(member.getValue())) {
                    conflicts.add(source + ": " + member.getKey() + " " + path.getKey());
                }
            }
        }
    }

    private static void mergeTags(ObjectNode merged, ObjectNode document) {
        if (!document.has("tags")) {
            return;
        }
        ArrayNode tags = merged.has("tags") ? (ArrayNode) merged.get("tags") : merged.putArray("tags");
        Set<String> names = new LinkedHashSet<>();
        tags.forEach(tag -> names.add(tag.path("name").asString()));
        for (JsonNode tag : document.get("tags")) {
            if (names.add(tag.path("name").asString())) {
                tags.add(tag);
            }
        }
    }

    private static void mergeComponents(ObjectNode merged, ObjectNode document, String source, List<String> conflicts) {
        ObjectNode components =
                merged.has("components") ? (ObjectNode) merged.get("components") : merged.putObject("components");
        for (Map.Entry<String, JsonNode> section : document.path("components").properties()) {
            ObjectNode target = components.has(section.getKey())
                    ? (ObjectNode) components.get(section.getKey())
                    : components.putObject(section.getKey());
            for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                JsonNode existing = target.get(component.getKey());
                if (existing == null) {
                    target.set(component.getKey(), component.getValue());
                } else if (section.getKey().equals("schemas")
                        && component.getKey().equals(ERROR_CODE)) {
                    target.set(ERROR_CODE, uniteErrorCodes(existing, component.getValue()));
                } else if (!existing.equals(component.getValue())) {
                    conflicts.add(source + ": components/" + section.getKey() + "/" + component.getKey());
                }
            }
        }
    }

    /** Both services' codes; a code both answer, perhaps with another status, is listed with each. */
    static JsonNode uniteErrorCodes(JsonNode first, JsonNode second) {
        ObjectNode united = (ObjectNode) first.deepCopy();
        Set<String> values = new LinkedHashSet<>();
        first.path("enum").forEach(value -> values.add(value.asString()));
        second.path("enum").forEach(value -> values.add(value.asString()));
        ArrayNode list = united.putArray("enum");
        values.forEach(list::add);
        Set<String> lines = new LinkedHashSet<>(
                List.of(first.path("description").asString("").split("\n")));
        lines.addAll(List.of(second.path("description").asString("").split("\n")));
        united.put("description", String.join("\n", lines));
        return united;
    }
}

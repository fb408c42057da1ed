package dev.allocator.http.apidocs;

import dev.allocator.http.ApiErrorCode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Lays a service's written description over the document springdoc builds from its controllers.
 * springdoc decides which operations exist (the handler mappings), the description says what they
 * mean: an operation springdoc found and the description has is replaced by the description's;
 * one it does not have stays as springdoc saw it (and the documentation test fails); one only the
 * description has is not served, so it is left out. The controllers take and give JSON trees, so
 * springdoc's own schemas say little; only those still referenced are kept.
 *
 * <p>Shared by every service: the operations a library serves in each of them (described once in
 * {@code common.yaml}, under the service's own description), the error body, the {@code ErrorCode} enumeration generated from the
 * codes the service answers (so it cannot fall behind), both security schemes, and the error
 * answers every operation of a kind can give (401 by its security, 413 and 415 with a body, 429,
 * 500), added where the description does not give them itself.
 */
public final class ApiDocsCustomizer implements OpenApiCustomizer {
    /** The shared parts: library operations, error body, common error answers, security schemes. */
    static final String COMMON = "apidocs/common.yaml";

    static final String SESSION_SCHEME = "session";
    static final String API_KEY_SCHEME = "apiKey";

    private static final Pattern SCHEMA_REF = Pattern.compile("#/components/schemas/([A-Za-z0-9_.-]+)");

    private final ApiDocumentation documentation;

    ApiDocsCustomizer(ApiDocumentation documentation) {
        this.documentation = documentation;
    }

    @Override
    public void customise(OpenAPI served) {
        OpenAPI common = read(COMMON);
        OpenAPI described = read(documentation.resource());
        served.setInfo(described.getInfo());
        served.setTags(tags(described.getTags(), common.getTags()));
        served.setServers(described.getServers());
        served.setExternalDocs(described.getExternalDocs());
        served.setPaths(overlay(served.getPaths(), shared(common.getPaths(), described.getPaths())));

        Components components = served.getComponents() == null ? new Components() : served.getComponents();
        for (Components source : List.of(common.getComponents(), described.getComponents())) {
            if (source == null) {
                continue;
            }
            merge(source.getSchemas(), components::getSchemas, components::setSchemas);
            merge(source.getResponses(), components::getResponses, components::setResponses);
            merge(source.getParameters(), components::getParameters, components::setParameters);
            merge(source.getRequestBodies(), components::getRequestBodies, components::setRequestBodies);
            merge(source.getExamples(), components::getExamples, components::setExamples);
            merge(source.getHeaders(), components::getHeaders, components::setHeaders);
            merge(source.getSecuritySchemes(), components::getSecuritySchemes, components::setSecuritySchemes);
        }
        components.addSchemas("ErrorCode", errorCodeSchema(documentation.errorCodes()));
        served.setComponents(components);
        addCommonAnswers(served);
        pruneUnreferencedSchemas(served);
    }

    /** The library's operations, each replaced where the service describes the same path itself. */
    private static Paths shared(Paths common, Paths own) {
        Paths all = new Paths();
        if (common != null) {
            all.putAll(common);
        }
        if (own != null) {
            all.putAll(own);
        }
        return all;
    }

    /** The service's tags, then the shared ones it does not name itself. */
    private static List<Tag> tags(List<Tag> own, List<Tag> common) {
        if (common == null || common.isEmpty()) {
            return own;
        }
        List<Tag> all = own == null ? new ArrayList<>() : new ArrayList<>(own);
        Set<String> names = all.stream().map(Tag::getName).collect(Collectors.toSet());
        common.stream().filter(tag -> !names.contains(tag.getName())).forEach(all::add);
        return all;
    }

    private static Paths overlay(Paths found, Paths described) {
        Paths result = new Paths();
        if (found == null) {
            return result;
        }
        found.forEach((path, item) -> {
            PathItem description = described == null ? null : described.get(path);
            PathItem merged = new PathItem();
            if (description != null) {
                merged.setSummary(description.getSummary());
                merged.setDescription(description.getDescription());
                merged.setParameters(description.getParameters());
            }
            item.readOperationsMap().forEach((method, operation) -> {
                Operation documented = description == null
                        ? null
                        : description.readOperationsMap().get(method);
                merged.operation(method, documented != null ? documented : operation);
            });
            result.addPathItem(path, merged);
        });
        return result;
    }

    private static void addCommonAnswers(OpenAPI document) {
        document.getPaths()
                .values()
                .forEach(item -> item.readOperationsMap().values().forEach(operation -> {
                    ApiResponses responses =
                            operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                    Set<String> schemes = operation.getSecurity() == null
                            ? Set.of()
                            : operation.getSecurity().stream()
                                    .flatMap(requirement -> requirement.keySet().stream())
                                    .collect(Collectors.toSet());
                    if (schemes.contains(SESSION_SCHEME)) {
                        responses.putIfAbsent("401", ref("SessionUnauthorized"));
                    }
                    if (schemes.contains(API_KEY_SCHEME)) {
                        responses.putIfAbsent("401", ref("ApiKeyUnauthorized"));
                        responses.putIfAbsent("403", ref("RoleForbidden"));
                    }
                    if (operation.getRequestBody() != null) {
                        responses.putIfAbsent("413", ref("BodyTooLarge"));
                        responses.putIfAbsent("415", ref("UnsupportedMediaType"));
                    }
                    responses.putIfAbsent("429", ref("RateLimited"));
                    responses.putIfAbsent("500", ref("InternalError"));
                    operation.setResponses(responses);
                }));
    }

    private static ApiResponse ref(String name) {
        return new ApiResponse().$ref("#/components/responses/" + name);
    }

    /** Every code the service answers, with its status and default text, as one enumeration. */
    static Schema<?> errorCodeSchema(List<ApiErrorCode> codes) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put(
                "description",
                "A stable code for machines; the `error` text may change. Every code this API answers, with its"
                        + " status and default text:\n\n"
                        + codes.stream()
                                .map(code -> "- `" + code.name() + "` ("
                                        + code.status().value() + "): " + code.message())
                                .collect(Collectors.joining("\n")));
        schema.put("enum", codes.stream().map(ApiErrorCode::name).toList());
        try {
            return Json31.mapper().convertValue(schema, Schema.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the ErrorCode schema", e);
        }
    }

    /** springdoc's schemas for the JSON trees the controllers take are noise once the description replaced them. */
    private static void pruneUnreferencedSchemas(OpenAPI document) {
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        document.getComponents().setSchemas(null);
        Set<String> reachable = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(references(document));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (reachable.add(name) && schemas.containsKey(name)) {
                pending.addAll(references(schemas.get(name)));
            }
        }
        Map<String, Schema> kept = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> {
            if (reachable.contains(name)) {
                kept.put(name, schema);
            }
        });
        document.getComponents().setSchemas(kept);
    }

    private static Set<String> references(Object node) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Matcher matcher = SCHEMA_REF.matcher(Json31.mapper().writeValueAsString(node));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the API description", e);
        }
        return names;
    }

    private static <V> void merge(
            Map<String, V> source, Supplier<Map<String, V>> target, Consumer<Map<String, V>> set) {
        if (source == null || source.isEmpty()) {
            return;
        }
        Map<String, V> merged = target.get() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target.get());
        merged.putAll(source);
        set.accept(merged);
    }

    static OpenAPI read(String resource) {
        try (InputStream in = ApiDocsCustomizer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no API description at classpath:" + resource);
            }
            return Yaml31.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API description " + resource, e);
        }
    }
}

package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.allocator.command.it.Http;
import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API documentation as a user reaches it, through local mode's gateway: one OpenAPI 3.1
 * document at /openapi.json that lists exactly the operations the three services' controllers
 * serve (each service's own document too), documents each of them, names every error code, and
 * whose every example is valid against its schema; and Swagger UI at /docs.
 */
class ApiDocsIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build()));

    @Test
    void servesOneDocumentOfExactlyTheServedOperationsWithValidExamplesAndSwaggerUi() throws Exception {
        LocalOptions options = TestOptions.onFreePorts();
        try (LocalAllocator stack = new LocalAllocator().start(options)) {
            Http.Response response = Http.get(stack.apiUrl() + "/openapi.json", Map.of());
            assertThat(response.status()).as(response.raw()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.headers().firstValue("X-Api-Docs-Missing")).isEmpty();
            JsonNode document = response.body();
            assertThat(document.get("openapi").asString()).matches("3\\.1\\.\\d+");
            assertThat(document.get("info").has("x-missing-sources")).isFalse();

            Set<String> served = new TreeSet<>();
            for (LocalService service : LocalService.values()) {
                Set<String> handlers = servedOperations(stack.context(service));
                Http.Response own = Http.get(stack.serviceUrl(service) + "/v3/api-docs", Map.of());
                assertThat(own.status()).as(service + ": " + own.raw()).isEqualTo(200);
                assertThat(operations(own.body()))
                        .as("%s documents exactly what its controllers serve", service)
                        .isEqualTo(handlers);
                served.addAll(handlers);
            }
            assertThat(operations(document)).isEqualTo(served);
            assertThat(served).contains("POST /compact", "GET /compacts", "POST /admin/read-model/rebuild");

            assertEveryOperationIsDescribed(document);
            assertEveryErrorCodeIsListed(document);
            assertEveryExampleIsValid(document);

            Http.Response page = Http.get(stack.apiUrl() + "/docs", Map.of("Accept", "text/html"));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.raw())
                    .contains("/docs/swagger-ui-bundle.js", "/docs/initializer.js")
                    .doesNotContain("<script>");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(policy -> assertThat(policy)
                            .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
            for (String asset : List.of(
                    "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css", "initializer.js")) {
                Http.Response file = Http.get(stack.apiUrl() + "/docs/" + asset, Map.of());
                assertThat(file.status()).as(asset).isEqualTo(200);
                assertThat(file.raw()).as(asset).isNotBlank();
            }
            assertThat(Http.get(stack.apiUrl() + "/docs/initializer.js", Map.of())
                            .raw())
                    .contains("\"/openapi.json\"");
            assertThat(Http.get(stack.apiUrl() + "/v3/api-docs", Map.of()).status())
                    .as("each service's own document stays internal")
                    .isEqualTo(404);
        }
    }

    /** "GET /path" for every handler method of the allocator's own controllers. */
    static Set<String> servedOperations(ApplicationContext context) {
        RequestMappingHandlerMapping mapping =
                context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getPackageName().startsWith("dev.allocator")) {
                continue; // springdoc's own
            }
            Set<String> paths = entry.getKey().getPatternValues();
            if (paths.contains("/error")) {
                continue; // the JSON error page, never called directly
            }
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            assertThat(methods).as("%s maps a method", entry.getValue()).isNotEmpty();
            for (String path : paths) {
                methods.forEach(method -> operations.add(method.name() + " " + path));
            }
        }
        return operations;
    }

    static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (String member : path.getValue().propertyNames()) {
                if (METHODS.contains(member)) {
                    operations.add(member.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** Written, not springdoc's guess: a summary, and an example or a schema for each answer with a body. */
    private static void assertEveryOperationIsDescribed(JsonNode document) {
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String name = operation.getKey() + " " + path.getKey();
                JsonNode described = operation.getValue();
                assertThat(described.path("summary").asString("")).as(name).isNotBlank();
                assertThat(described.path("operationId").asString("")).as(name).isNotBlank();
                assertThat(described.path("tags").isEmpty()).as(name).isFalse();
                assertThat(described.path("responses").propertyNames())
                        .as(name)
                        .anyMatch(status -> status.startsWith("2"))
                        .contains("429", "500");
                for (Map.Entry<String, JsonNode> answer :
                        described.get("responses").properties()) {
                    JsonNode resolved = resolve(document, answer.getValue());
                    assertThat(resolved.path("description").asString(""))
                            .as(name + " " + answer.getKey())
                            .isNotBlank();
                    resolved.path("content").forEach(media -> {
                        assertThat(media.has("schema"))
                                .as(name + " " + answer.getKey())
                                .isTrue();
                        if (!answer.getKey().equals("200") || !path.getKey().equals("/docs")) {
                            assertThat(media.has("example") || media.has("examples"))
                                    .as("%s %s has an example", name, answer.getKey())
                                    .isTrue();
                        }
                    });
                }
                if (described.path("security").isEmpty()) {
                    assertThat(path.getKey()).as(name + " needs no credential").doesNotStartWith("/admin");
                }
            }
        }
        assertThat(document.at("/components/securitySchemes").propertyNames()).contains("session", "apiKey", "bearer");
    }

    private static void assertEveryErrorCodeIsListed(JsonNode document) {
        Set<String> listed = new TreeSet<>();
        document.at("/components/schemas/ErrorCode/enum").forEach(code -> listed.add(code.asString()));
        Stream.of(
                        CommonErrorCode.values(),
                        dev.allocator.command.web.ErrorCode.values(),
                        dev.allocator.query.web.ErrorCode.values(),
                        dev.allocator.projector.web.ErrorCode.values())
                .flatMap(Stream::of)
                .map(ApiErrorCode::name)
                .forEach(
                        code -> assertThat(listed).as("ErrorCode lists " + code).contains(code));
    }

    /**
     * Every example beside a schema (media types, parameters, headers; in operations and in the
     * components), validated as JSON Schema 2020-12 against that schema with the document's
     * components as definitions.
     */
    private static void assertEveryExampleIsValid(JsonNode document) {
        String definitions = JSON.writeValueAsString(document.at("/components/schemas"))
                .replace("#/components/schemas/", "#/$defs/");
        List<String> failures = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>();
        walk(document, "", document, definitions, failures, checked);
        assertThat(failures).isEmpty();
        assertThat(checked.size()).as("examples checked").isGreaterThan(80);

        // The check can fail: an error code no service answers is refused by the ErrorCode enumeration.
        Schema error = schema(document.at("/components/schemas/Error"), definitions);
        assertThat(error.validate(JSON.readTree("{\"error\":\"x\",\"code\":\"NO_SUCH_CODE\"}")))
                .isNotEmpty();
    }

    private static void walk(
            JsonNode node,
            String pointer,
            JsonNode document,
            String definitions,
            List<String> failures,
            Set<String> checked) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), pointer + "/" + i, document, definitions, failures, checked);
                }
            }
            return;
        }
        if (pointer.startsWith("/components/schemas")) {
            return;
        }
        if (node.has("schema") && (node.has("example") || node.has("examples"))) {
            Schema schema = schema(node.get("schema"), definitions);
            Map<String, JsonNode> examples = new java.util.LinkedHashMap<>();
            if (node.has("example")) {
                examples.put(pointer + "/example", node.get("example"));
            }
            node.path("examples")
                    .properties()
                    .forEach(example -> examples.put(
                            pointer + "/examples/" + example.getKey(),
                            resolve(document, example.getValue()).get("value")));
            examples.forEach((where, value) -> {
                checked.add(where);
                if (value == null) {
                    failures.add(where + ": no value");
                    return;
                }
                schema.validate(value).forEach(error -> failures.add(where + ": " + error));
            });
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!member.getKey().equals("example") && !member.getKey().equals("examples")) {
                walk(member.getValue(), pointer + "/" + member.getKey(), document, definitions, failures, checked);
            }
        }
    }

    private static Schema schema(JsonNode schema, String definitions) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$defs", JSON.readTree(definitions));
        root.set(
                "allOf",
                JSON.createArrayNode()
                        .add(JSON.readTree(
                                JSON.writeValueAsString(schema).replace("#/components/schemas/", "#/$defs/"))));
        return REGISTRY.getSchema(root);
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asString().substring(1));
        }
        return current;
    }
}

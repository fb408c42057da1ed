package dev.allocator.http.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ApiDocsCustomizerTest {
    enum TestCode implements ApiErrorCode {
        THING_NOT_FOUND;

        @Override
        public HttpStatus status() {
            return HttpStatus.NOT_FOUND;
        }

        @Override
        public String message() {
            return "Thing not found";
        }
    }

    @Test
    void laysTheDescriptionOverWhatIsServedAndAddsTheSharedParts() {
        OpenAPI served = new OpenAPI()
                .paths(new Paths()
                        .addPathItem("/things/{id}", new PathItem().get(bare("thing")))
                        .addPathItem("/other", new PathItem().post(bare("other"))))
                .components(new Components()
                        .addSchemas("JsonNode", new ObjectSchema())
                        .addSchemas("Used", new ObjectSchema()));
        served.getPaths()
                .get("/other")
                .getPost()
                .getResponses()
                .get("200")
                .content(new Content()
                        .addMediaType(
                                "application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Used"))));

        new ApiDocsCustomizer(new ApiDocumentation("apidocs/test-service.yaml", List.of(TestCode.values())))
                .customise(served);

        Operation thing = served.getPaths().get("/things/{id}").getGet();
        assertThat(thing.getOperationId()).isEqualTo("getThing");
        assertThat(thing.getResponses().get("401").get$ref()).isEqualTo("#/components/responses/SessionUnauthorized");
        assertThat(thing.getResponses()).containsKeys("200", "429", "500");
        assertThat(served.getPaths().get("/other").getPost().getOperationId())
                .as("served but not described: left as found, for the documentation test to catch")
                .isEqualTo("other");
        assertThat(served.getPaths()).doesNotContainKey("/gone");
        assertThat(served.getComponents().getSchemas()).containsKeys("Thing", "Error", "ErrorCode", "Used");
        assertThat(served.getComponents().getSchemas()).doesNotContainKey("JsonNode");
        assertThat(served.getComponents().getSchemas().get("ErrorCode").getEnum())
                .contains(CommonErrorCode.INVALID_SESSION.name(), "THING_NOT_FOUND");
        assertThat(served.getComponents().getSecuritySchemes()).containsKeys("session", "apiKey", "bearer");
        assertThat(served.getComponents().getResponses()).containsKeys("SessionUnauthorized", "RateLimited");
    }

    @Test
    void describesTheLibrarysOwnOperationsWhereTheServiceServesThem() {
        OpenAPI served = new OpenAPI()
                .paths(new Paths()
                        .addPathItem("/things/{id}", new PathItem().get(bare("thing")))
                        .addPathItem("/admin/config/{service}", new PathItem().get(bare("config"))));

        new ApiDocsCustomizer(new ApiDocumentation("apidocs/test-service.yaml", List.of())).customise(served);

        Operation config = served.getPaths().get("/admin/config/{service}").getGet();
        assertThat(config.getOperationId()).isEqualTo("getEffectiveConfiguration");
        assertThat(config.getResponses()).containsKeys("200", "401", "403", "404", "429", "500");
        assertThat(served.getComponents().getSchemas()).containsKey("EffectiveConfiguration");
        assertThat(served.getTags())
                .extracting(io.swagger.v3.oas.models.tags.Tag::getName)
                .contains("admin");

        OpenAPI without =
                new OpenAPI().paths(new Paths().addPathItem("/things/{id}", new PathItem().get(bare("thing"))));
        new ApiDocsCustomizer(new ApiDocumentation("apidocs/test-service.yaml", List.of())).customise(without);
        assertThat(without.getPaths()).as("not served, so not documented").containsOnlyKeys("/things/{id}");
        assertThat(without.getComponents().getSchemas()).doesNotContainKey("EffectiveConfiguration");
    }

    private static Operation bare(String id) {
        return new Operation()
                .operationId(id)
                .responses(new ApiResponses()
                        .addApiResponse("200", new io.swagger.v3.oas.models.responses.ApiResponse().description("OK")));
    }
}

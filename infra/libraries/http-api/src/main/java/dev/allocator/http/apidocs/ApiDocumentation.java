package dev.allocator.http.apidocs;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one service documents: the classpath resource with its OpenAPI description (operations,
 * schemas, examples) and every error code it answers. Each service declares one as a bean in its
 * {@code apidocs} package; {@link ApiDocsCustomizer} lays it over what springdoc found in the
 * controllers.
 *
 * @param resource a classpath location of an OpenAPI 3.1 YAML document
 * @param errorCodes the service's own codes; the {@link CommonErrorCode}s are added
 */
public record ApiDocumentation(String resource, List<ApiErrorCode> errorCodes) {
    public ApiDocumentation {
        Objects.requireNonNull(resource, "resource");
        List<ApiErrorCode> all = new ArrayList<>(List.of(CommonErrorCode.values()));
        errorCodes.stream().filter(code -> !all.contains(code)).forEach(all::add);
        errorCodes = List.copyOf(all);
    }
}

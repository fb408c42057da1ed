package dev.allocator.projector.apidocs;

import dev.allocator.http.apidocs.ApiDocumentation;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projector's OpenAPI description ({@code apidocs/projector.yaml}: its operator routes),
 * served by springdoc at {@code /v3/api-docs} on its own port and merged by the query service into
 * the public {@code GET /openapi.json}. It answers only the common error codes.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("apidocs/projector.yaml", List.of());
    }
}

package dev.allocator.projector.apidocs;

import dev.allocator.http.apidocs.ApiDocumentation;
import dev.allocator.projector.web.ErrorCode;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projector's OpenAPI description ({@code apidocs/projector.yaml}: its operator routes),
 * served by springdoc at {@code /v3/api-docs} on its own port and merged by the query service into
 * the public {@code GET /openapi.json}, with the common error codes and its own.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("apidocs/projector.yaml", List.of(ErrorCode.values()));
    }
}

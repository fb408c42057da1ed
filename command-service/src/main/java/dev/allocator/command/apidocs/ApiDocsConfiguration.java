package dev.allocator.command.apidocs;

import dev.allocator.command.web.ErrorCode;
import dev.allocator.http.apidocs.ApiDocumentation;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This service's OpenAPI description ({@code apidocs/command-service.yaml}), served by springdoc at
 * {@code /v3/api-docs} on the service's own port; the query service merges it into the public
 * {@code GET /openapi.json}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("apidocs/command-service.yaml", List.of(ErrorCode.values()));
    }
}

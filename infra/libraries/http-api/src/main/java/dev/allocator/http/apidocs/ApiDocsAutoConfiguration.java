package dev.allocator.http.apidocs;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The shared part of every service's OpenAPI document, where the service has springdoc and says what it documents. */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ApiDocsAutoConfiguration {

    @Bean
    @ConditionalOnBean(ApiDocumentation.class)
    ApiDocsCustomizer apiDocsCustomizer(ApiDocumentation documentation) {
        return new ApiDocsCustomizer(documentation);
    }
}

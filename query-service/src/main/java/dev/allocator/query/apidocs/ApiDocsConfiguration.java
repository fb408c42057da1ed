package dev.allocator.query.apidocs;

import dev.allocator.http.apidocs.ApiDocumentation;
import dev.allocator.query.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.webjars.WebJarVersionLocator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API documentation: this service's own description ({@code apidocs/query-service.yaml}),
 * the merged document at {@code /openapi.json} and Swagger UI at {@code /docs}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiDocsProperties.class)
class ApiDocsConfiguration implements WebMvcConfigurer {
    /** springdoc's path for this service's own document (internal: the gateway does not route it). */
    static final String OWN_DOCS_PATH = "/v3/api-docs";

    /** After the shared security headers (http-api's order + 3), so that its policy wins on /docs. */
    private static final int DOCS_HEADERS_ORDER = Ordered.HIGHEST_PRECEDENCE + 6;

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("apidocs/query-service.yaml", List.of(ErrorCode.values()));
    }

    @Bean
    MergedApiDocs mergedApiDocs(
            ApiDocsProperties settings,
            ObjectProvider<OpenApiWebMvcResource> springdoc,
            JsonMapper json,
            ObjectProvider<Clock> clock) {
        return new MergedApiDocs(
                settings,
                () -> {
                    HttpServletRequest request =
                            ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
                    try {
                        return springdoc.getObject().openapiJson(request, OWN_DOCS_PATH, Locale.ROOT);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("cannot write this service's API document", e);
                    }
                },
                json,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    FilterRegistrationBean<DocsPageHeadersFilter> docsPageHeadersFilter() {
        FilterRegistrationBean<DocsPageHeadersFilter> registration =
                new FilterRegistrationBean<>(new DocsPageHeadersFilter());
        registration.setOrder(DOCS_HEADERS_ORDER);
        return registration;
    }

    /** The page's own script first, then the swagger-ui web jar's files. */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        String version = new WebJarVersionLocator().version("swagger-ui");
        registry.addResourceHandler("/docs/**")
                .addResourceLocations(
                        "classpath:/apidocs/ui/", "classpath:/META-INF/resources/webjars/swagger-ui/" + version + "/");
    }
}

package dev.allocator.http;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.core.StreamReadFeature;

/**
 * The HTTP conventions every service of the allocator shares, switched on by depending on this
 * module: one error model, JSON-only negotiation checked up front, strict JSON, body limits,
 * JSON answers from the error page and the container, security headers and the CORS policy.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({HttpApiProperties.class, CorsProperties.class})
@Import({ApiExceptionHandler.class, JsonErrorController.class})
public class HttpApiAutoConfiguration {

    @Bean
    FilterRegistrationBean<ApiRequestFilter> apiRequestFilter(HttpApiProperties properties) {
        FilterRegistrationBean<ApiRequestFilter> registration =
                new FilterRegistrationBean<>(new ApiRequestFilter(properties));
        // Before everything that reads a body or negotiates, after the observation and access log.
        registration.setOrder(FilterOrder.API_REQUEST);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ResponseHeadersFilter> responseHeadersFilter() {
        FilterRegistrationBean<ResponseHeadersFilter> registration =
                new FilterRegistrationBean<>(new ResponseHeadersFilter());
        registration.setOrder(FilterOrder.RESPONSE_HEADERS);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CorsPolicyFilter> corsPolicyFilter(CorsProperties properties) {
        FilterRegistrationBean<CorsPolicyFilter> registration =
                new FilterRegistrationBean<>(new CorsPolicyFilter(properties));
        registration.setOrder(FilterOrder.CORS);
        return registration;
    }

    /** A duplicate key is refused, not "last one wins": two readers of one body must not disagree. */
    @Bean
    JsonMapperBuilderCustomizer strictDuplicateDetection() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @Bean
    JsonErrorReports jsonErrorReports() {
        return new JsonErrorReports();
    }

    /** Replaces Tomcat's HTML error report with {@link JsonErrorReportValve}. */
    static final class JsonErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            // After Boot's own customizer, which adds a plain error report valve.
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}

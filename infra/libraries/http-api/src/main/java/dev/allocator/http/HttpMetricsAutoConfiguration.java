package dev.allocator.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The API's own metrics: errors by endpoint and code ({@link HttpErrorMetrics}), the session
 * meters both services record ({@link SessionMetrics}), and the outermost filter that tells every
 * {@link AnswerListener} about each answered request. Its filter is the outermost of all, outside
 * Boot's server observation and {@link ApiRequestFilter} ({@link FilterOrder}), so it also sees
 * that filter's refusals.
 */
@AutoConfiguration(before = HttpApiAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(MeterRegistry.class)
@EnableConfigurationProperties(HttpApiProperties.class)
public class HttpMetricsAutoConfiguration {

    @Bean
    FilterRegistrationBean<AnswerMetricsFilter> answerMetricsFilter(
            HttpApiProperties properties, ObjectProvider<AnswerListener> listeners) {
        FilterRegistrationBean<AnswerMetricsFilter> registration = new FilterRegistrationBean<>(new AnswerMetricsFilter(
                properties, () -> listeners.orderedStream().toList()));
        registration.setOrder(FilterOrder.ANSWER_METRICS);
        return registration;
    }

    @Bean
    HttpErrorMetrics httpErrorMetrics(ObjectProvider<MeterRegistry> registry) {
        return new HttpErrorMetrics(registry.getIfAvailable(CompositeMeterRegistry::new));
    }

    @Bean
    SessionMetrics sessionMetrics(ObjectProvider<MeterRegistry> registry) {
        return new SessionMetrics(registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}

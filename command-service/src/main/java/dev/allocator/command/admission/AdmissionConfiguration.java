package dev.allocator.command.admission;

import dev.allocator.command.config.AdmissionProperties;
import dev.allocator.ratelimit.RateLimitAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
class AdmissionConfiguration {

    /**
     * After the HTTP edge's own checks, Spring Security's chain (-100) and the rate limit, so a
     * malformed, unauthenticated or rate-limited request never takes a permit.
     */
    @Bean
    FilterRegistrationBean<AdmissionFilter> admissionFilter(AdmissionProperties admission, MeterRegistry registry) {
        FilterRegistrationBean<AdmissionFilter> registration =
                new FilterRegistrationBean<>(new AdmissionFilter(admission.maxInFlight(), registry));
        registration.setOrder(RateLimitAutoConfiguration.FILTER_ORDER + 10);
        return registration;
    }
}

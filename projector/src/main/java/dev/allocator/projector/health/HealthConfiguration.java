package dev.allocator.projector.health;

import dev.allocator.kafka.KafkaHealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projector's {@code kafka} health component, beside its own {@code projector} component and
 * Boot's {@code db}. Readiness includes none of them; application.yml says why.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka, HealthProperties health) {
        return new KafkaHealthIndicator(kafka.buildAdminProperties(), health.kafkaTimeout());
    }
}

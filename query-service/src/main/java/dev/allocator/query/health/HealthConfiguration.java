package dev.allocator.query.health;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.kafka.KafkaHealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query service's health components beside {@code readModel} (in {@code consistency}) and
 * Boot's {@code db}: {@code kafka} and {@code connectionPool}, named after their beans less {@code
 * HealthIndicator}. Readiness includes none of them; application.yml says why.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka, HealthProperties health) {
        return new KafkaHealthIndicator(kafka.buildAdminProperties(), health.kafkaTimeout());
    }

    @Bean
    ConnectionPoolHealthIndicator connectionPoolHealthIndicator(HikariDataSource dataSource) {
        return new ConnectionPoolHealthIndicator(dataSource);
    }
}

package dev.allocator.kafka.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link AuditLog} bean of every service that sets {@code allocator.audit.enabled=true}; the
 * others get none and their emitters fall back to {@link AuditLog#DISCARD}.
 */
@AutoConfiguration
@EnableConfigurationProperties(AuditProperties.class)
public class AuditLogAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "allocator.audit", name = "enabled", havingValue = "true")
    @ConditionalOnMissingBean(AuditLog.class)
    KafkaAuditLog auditLog(AuditProperties properties, ObjectProvider<MeterRegistry> registry) {
        return new KafkaAuditLog(properties, registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}

package dev.allocator.kafka.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code allocator.audit.*}: whether this service writes audit records, and where.
 *
 * @param enabled write records to {@code topic}; off, {@link AuditLog#DISCARD} is used
 * @param topic the audit topic (key = actor id, kept forever)
 * @param bootstrapServers the brokers; required when enabled
 * @param deliveryTimeout how long one record may take to be acknowledged, retries included, before
 *     it counts as failed
 * @param queueCapacity records waiting to be handed to the producer; beyond it a record is dropped
 *     (counted as failed) rather than slowing a request down
 */
@ConfigurationProperties("allocator.audit")
public record AuditProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("allocator.audit") String topic,
        String bootstrapServers,
        @DefaultValue("30s") Duration deliveryTimeout,
        @DefaultValue("10000") int queueCapacity) {

    public AuditProperties {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("allocator.audit.topic must not be blank");
        }
        if (enabled && (bootstrapServers == null || bootstrapServers.isBlank())) {
            throw new IllegalArgumentException("allocator.audit.bootstrap-servers is required when audit is enabled");
        }
        if (deliveryTimeout == null || deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
            throw new IllegalArgumentException("allocator.audit.delivery-timeout must be positive");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("allocator.audit.queue-capacity must be at least 1");
        }
    }
}

package dev.allocator.query.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The health components' own settings ({@code allocator.health.*}, defaults in allocator-query.yml).
 *
 * @param kafkaTimeout how long the {@code kafka} component waits for the brokers to describe the
 *     cluster before it says DOWN; it bounds every call of /actuator/health
 */
@Validated
@ConfigurationProperties("allocator.health")
public record HealthProperties(@NotNull Duration kafkaTimeout) {}

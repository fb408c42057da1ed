package dev.allocator.command.config;

import dev.allocator.model.value.ChainId;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long credits take to become final, per chain.
 *
 * @param finalizationThresholdSeconds seconds per chain id
 * @param defaultFinalizationThresholdSeconds for chains not listed
 */
@Validated
@ConfigurationProperties("allocator.chains")
public record ChainProperties(
        @NotNull Map<Long, Long> finalizationThresholdSeconds,
        @Min(0) long defaultFinalizationThresholdSeconds) {
    public long finalizationThreshold(ChainId chainId) {
        return finalizationThresholdSeconds.getOrDefault(chainId.value(), defaultFinalizationThresholdSeconds);
    }
}

package dev.allocator.query.balance;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Balance arithmetic ({@code allocator.balance.*}).
 *
 * @param allocatorAddress this allocator's address, as the indexer knows it
 * @param finalizationThresholds seconds until a credit is final, per chain id
 * @param defaultFinalizationThreshold for chains not listed
 * @param claimWindow how far back processed claims count
 */
@Validated
@ConfigurationProperties("allocator.balance")
public record BalanceProperties(
        @NotNull String allocatorAddress,
        @NotNull Map<Long, Duration> finalizationThresholds,
        @NotNull Duration defaultFinalizationThreshold,
        @NotNull Duration claimWindow) {

    Duration threshold(long chainId) {
        return finalizationThresholds.getOrDefault(chainId, defaultFinalizationThreshold);
    }
}

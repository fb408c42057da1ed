package dev.allocator.command.config;

import dev.allocator.model.indexer.IndexerSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Compact indexer and how hard to try it; see {@link IndexerSettings} for each value's meaning.
 *
 * @param url the GraphQL service's base; queries go to {@code <url>/graphql}
 */
@Validated
@ConfigurationProperties("allocator.indexer")
public record IndexerProperties(
        @NotNull URI url,
        @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout,
        @Min(1) int maxPages,
        @Valid @NotNull Retry retry,
        @Valid @NotNull CircuitBreaker circuitBreaker,
        @Valid @NotNull Bulkhead bulkhead,
        @NotNull Duration supportedChainsRefresh) {

    public record Retry(
            @Min(1) int maxAttempts,
            @NotNull Duration initialBackoff,
            double multiplier,
            double randomizationFactor,
            @NotNull Duration maxBackoff) {}

    public record CircuitBreaker(
            float failureRateThreshold,
            @Min(1) int slidingWindowSize,
            @Min(1) int minimumNumberOfCalls,
            @NotNull Duration waitDurationInOpenState,
            @Min(1) int permittedCallsInHalfOpenState) {}

    public record Bulkhead(
            @Min(1) int maxConcurrentCalls, @NotNull Duration maxWait) {}

    public IndexerSettings toSettings() {
        return new IndexerSettings(
                url,
                connectTimeout,
                requestTimeout,
                maxPages,
                new IndexerSettings.RetrySettings(
                        retry.maxAttempts(),
                        retry.initialBackoff(),
                        retry.multiplier(),
                        retry.randomizationFactor(),
                        retry.maxBackoff()),
                new IndexerSettings.CircuitBreakerSettings(
                        circuitBreaker.failureRateThreshold(),
                        circuitBreaker.slidingWindowSize(),
                        circuitBreaker.minimumNumberOfCalls(),
                        circuitBreaker.waitDurationInOpenState(),
                        circuitBreaker.permittedCallsInHalfOpenState()),
                new IndexerSettings.BulkheadSettings(bulkhead.maxConcurrentCalls(), bulkhead.maxWait()),
                supportedChainsRefresh);
    }
}

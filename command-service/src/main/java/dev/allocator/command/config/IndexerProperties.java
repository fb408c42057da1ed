package dev.allocator.command.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Compact indexer and how hard to try it.
 *
 * @param url the GraphQL endpoint's base; queries go to {@code <url>/graphql}
 * @param timeout one attempt's budget
 * @param maxAttempts attempts per question, the first included
 * @param initialBackoff the first retry's wait; it doubles, with jitter
 * @param maxConcurrentCalls calls in flight before callers are turned away
 * @param supportedChainsRefresh how often the supported chains are re-read
 */
@Validated
@ConfigurationProperties("allocator.indexer")
public record IndexerProperties(
        @NotBlank String url,
        @NotNull Duration timeout,
        @Min(1) int maxAttempts,
        @NotNull Duration initialBackoff,
        @Min(1) int maxConcurrentCalls,
        @NotNull Duration supportedChainsRefresh) {}

package dev.allocator.projector;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The projector's settings ({@code allocator.projector.*}, defaults in allocator-projector.yml,
 * each overridable by environment through relaxed binding, e.g. {@code
 * ALLOCATOR_PROJECTOR_DATAFAULTMAXATTEMPTS}).
 *
 * @param enabled start the live projector with the application
 * @param topic the event topic
 * @param deadLetterTopic where unreadable and unstorable records are parked
 * @param pollTimeout how long one poll waits for records
 * @param maxPollRecords the most records in one batch (one transaction)
 * @param retryInitialBackoff the first pause after a failed batch
 * @param retryMaxBackoff the cap of the doubling pause between retries. Transient faults (database
 *     or broker unavailable) are retried forever: an outage must never dead-letter an event
 * @param dataFaultMaxAttempts how many times one event the read model refuses (a data fault) is
 *     tried before it is dead-lettered
 * @param unhealthyAfter how long the projector may keep retrying a failing batch before its health
 *     says DOWN
 * @param rebuildCatchUpTimeout how long a rebuild may take to catch up before it is abandoned
 */
@Validated
@ConfigurationProperties("allocator.projector")
public record ProjectorProperties(
        boolean enabled,
        @NotBlank String topic,
        @NotBlank String deadLetterTopic,
        @NotNull Duration pollTimeout,
        @Min(1) int maxPollRecords,
        @NotNull Duration retryInitialBackoff,
        @NotNull Duration retryMaxBackoff,
        @Min(1) int dataFaultMaxAttempts,
        @NotNull Duration unhealthyAfter,
        @NotNull Duration rebuildCatchUpTimeout) {}

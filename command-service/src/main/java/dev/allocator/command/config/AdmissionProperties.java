package dev.allocator.command.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How much work one instance takes on at once.
 *
 * @param maxInFlight command requests (POST, DELETE) handled at once; one more is answered 503
 *     OVERLOADED at once, before the indexer is asked or anything is written to Kafka. Keep it
 *     below the web server's thread count, so that excess is refused rather than queued unseen.
 */
@Validated
@ConfigurationProperties("allocator.admission")
public record AdmissionProperties(@Min(1) int maxInFlight) {}

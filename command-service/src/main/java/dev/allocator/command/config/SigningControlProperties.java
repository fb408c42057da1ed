package dev.allocator.command.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The signing kill switch ({@code POST /admin/signing/pause} and {@code /resume}).
 *
 * @param applyTimeout how long a pause or resume waits for this instance's processor to apply it
 *     before answering 503 {@code SIGNING_STATE_UNCONFIRMED} (the event is in the log either way)
 * @param retryAfter the Retry-After a compact refused while paused is answered with
 */
@Validated
@ConfigurationProperties("allocator.signing-control")
public record SigningControlProperties(
        @NotNull Duration applyTimeout, @NotNull Duration retryAfter) {
    public SigningControlProperties {
        if (applyTimeout != null && (applyTimeout.isNegative() || applyTimeout.isZero())) {
            throw new IllegalArgumentException("allocator.signing-control.apply-timeout must be positive");
        }
        if (retryAfter != null && retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("allocator.signing-control.retry-after must be at least 1s");
        }
    }
}

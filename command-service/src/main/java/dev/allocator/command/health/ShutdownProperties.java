package dev.allocator.command.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How an instance leaves ({@code allocator.shutdown.*}, defaults in allocator-command.yml).
 *
 * @param drainDelay how long an instance keeps serving after its readiness turned OUT_OF_SERVICE
 *     at shutdown, before it stops taking connections and drains the requests in flight: long
 *     enough for every load balancer that polls readiness to have taken it out of rotation
 */
@Validated
@ConfigurationProperties("allocator.shutdown")
public record ShutdownProperties(@NotNull Duration drainDelay) {
    public ShutdownProperties {
        if (drainDelay != null && drainDelay.isNegative()) {
            throw new IllegalArgumentException("allocator.shutdown.drain-delay must not be negative");
        }
    }
}

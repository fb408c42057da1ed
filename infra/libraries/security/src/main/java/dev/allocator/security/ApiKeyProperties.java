package dev.allocator.security;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Operator authentication ({@code allocator.security.*}).
 *
 * @param cacheTtl how long a verified key's row is reused before it is read again; a revocation
 *     made on another instance takes effect within this time
 * @param usageFlushInterval how often counted key uses are written to the table
 * @param keysEndpoint whether this service serves {@code /admin/keys} (the command service does)
 */
@Validated
@ConfigurationProperties("allocator.security")
public record ApiKeyProperties(
        @DefaultValue("5s") @NotNull Duration cacheTtl,
        @DefaultValue("10s") @NotNull Duration usageFlushInterval,
        @DefaultValue("false") boolean keysEndpoint) {

    public ApiKeyProperties {
        if (cacheTtl.isNegative() || usageFlushInterval.isNegative() || usageFlushInterval.isZero()) {
            throw new IllegalArgumentException("cache-ttl must be >= 0 and usage-flush-interval > 0");
        }
    }
}

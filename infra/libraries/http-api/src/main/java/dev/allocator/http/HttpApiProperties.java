package dev.allocator.http;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What every API request must be before any handler sees it.
 *
 * @param maxBodyBytes largest request body accepted; a compact request is a few hundred bytes
 * @param unfilteredPaths path prefixes outside the JSON API (the actuator serves Prometheus text)
 */
@Validated
@ConfigurationProperties("allocator.http")
public record HttpApiProperties(
        @DefaultValue("65536") @Min(1) long maxBodyBytes,
        @DefaultValue("/actuator") @NotNull List<String> unfilteredPaths) {}

package dev.allocator.http;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The access log: one line per HTTP request.
 *
 * @param enabled whether the line is written (the X-Request-Id is handled either way)
 * @param excludedPaths path prefixes without a line: the actuator's probes and scrapes would
 *     outnumber the API's requests
 */
@Validated
@ConfigurationProperties("allocator.http.access-log")
public record AccessLogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/actuator") @NotNull List<String> excludedPaths) {}

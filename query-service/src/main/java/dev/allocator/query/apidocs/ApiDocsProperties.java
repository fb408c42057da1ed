package dev.allocator.query.apidocs;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The merged API document ({@code allocator.api-docs.*}) served at {@code GET /openapi.json}.
 *
 * @param sources per other service (command, projector), the URLs of its {@code /v3/api-docs},
 *     tried in order until one answers (one per replica)
 * @param cacheTtl how long a complete merge is served before the sources are asked again
 * @param timeout how long one source may take to answer
 */
@Validated
@ConfigurationProperties("allocator.api-docs")
public record ApiDocsProperties(
        @NotNull Map<String, List<URI>> sources,
        @DefaultValue("60s") @NotNull Duration cacheTtl,
        @DefaultValue("10s") @NotNull Duration timeout) {}

package dev.allocator.indexer.client;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach The Compact indexer ({@code allocator.indexer.*}); the defaults are in each
 * service's settings file. How hard to try (retry, circuit breaker, bulkhead) is resilience4j's
 * own configuration of the instance {@value ResilientIndexer#NAME}.
 *
 * @param url the indexer's base URL; requests go to {@code url + "/graphql"}
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long one HTTP request may take, connection included: the per-call
 *     timeout (a resilience4j time limiter would need a thread per call for a blocking client)
 * @param maxPages the most pages one list may span before the answer is refused as runaway
 * @param supportedChainsRefresh how often {@link SupportedChainsCache} refreshes
 */
@Validated
@ConfigurationProperties("allocator.indexer")
public record IndexerProperties(
        @NotNull URI url,
        @NotNull @DurationMin(millis = 1) Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) Duration requestTimeout,
        @Min(1) int maxPages,
        @NotNull @DurationMin(millis = 1) Duration supportedChainsRefresh) {

    /** Only http and https: the client speaks nothing else. */
    @AssertTrue(message = "must be an http or https URL")
    public boolean isUrlHttp() {
        return url == null || "http".equals(url.getScheme()) || "https".equals(url.getScheme());
    }

    /** The GraphQL endpoint: the base URL without its trailing slash, then {@code /graphql}. */
    public URI graphQlEndpoint() {
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/graphql");
    }

    public IndexerProperties withUrl(URI newUrl) {
        return new IndexerProperties(newUrl, connectTimeout, requestTimeout, maxPages, supportedChainsRefresh);
    }

    public IndexerProperties withRequestTimeout(Duration timeout) {
        return new IndexerProperties(url, connectTimeout, timeout, maxPages, supportedChainsRefresh);
    }

    public IndexerProperties withMaxPages(int pages) {
        return new IndexerProperties(url, connectTimeout, requestTimeout, pages, supportedChainsRefresh);
    }
}

package dev.allocator.model.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IndexerSettingsTest {
    @Test
    void defaultsToTheLocalIndexerWithSaneLimits() {
        IndexerSettings settings = IndexerSettings.defaults();

        assertThat(settings.graphQlEndpoint()).isEqualTo(URI.create("http://localhost:4000/graphql"));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retry().maxAttempts()).isEqualTo(3);
        assertThat(settings.circuitBreaker().failureRateThreshold()).isEqualTo(50f);
        assertThat(settings.bulkhead().maxConcurrentCalls()).isEqualTo(16);
        assertThat(settings.supportedChainsRefresh()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void fillsMissingPartsOfAPartiallyBoundSettingWithDefaults() {
        IndexerSettings.RetrySettings retry = new IndexerSettings.RetrySettings(5, null, null, null, null);

        assertThat(retry.maxAttempts()).isEqualTo(5);
        assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.randomizationFactor()).isEqualTo(0.5);
    }

    @Test
    void appendsGraphqlToTheBaseUrlWithoutDoublingSlashes() {
        assertThat(IndexerSettings.defaults(URI.create("https://indexer.example/v1/"))
                        .graphQlEndpoint())
                .isEqualTo(URI.create("https://indexer.example/v1/graphql"));
    }

    @Test
    void rejectsNonsensicalValues() {
        assertThatThrownBy(() -> new IndexerSettings.RetrySettings(0, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexerSettings.RetrySettings(null, null, null, 1.5, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexerSettings.defaults().withRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexerSettings.defaults(URI.create("ftp://indexer")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IndexerPropertiesTest {
    static final String[] VALID = {
        "allocator.indexer.url=http://localhost:4000",
        "allocator.indexer.connect-timeout=2s",
        "allocator.indexer.request-timeout=5s",
        "allocator.indexer.max-pages=1000",
        "allocator.indexer.supported-chains-refresh=10m"
    };

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues(VALID);

    @org.springframework.boot.context.properties.EnableConfigurationProperties(IndexerProperties.class)
    static class PropertiesOnly {}

    @Test
    void bindsEveryValueFromTheSettings() {
        runner.run(context -> {
            IndexerProperties settings = context.getBean(IndexerProperties.class);

            assertThat(settings.graphQlEndpoint()).isEqualTo(URI.create("http://localhost:4000/graphql"));
            assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.maxPages()).isEqualTo(1000);
            assertThat(settings.supportedChainsRefresh()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void appendsGraphqlToTheBaseUrlWithoutDoublingSlashes() {
        runner.withPropertyValues("allocator.indexer.url=https://indexer.example/v1/")
                .run(context -> assertThat(
                                context.getBean(IndexerProperties.class).graphQlEndpoint())
                        .isEqualTo(URI.create("https://indexer.example/v1/graphql")));
    }

    @Test
    void rejectsNonsensicalValues() {
        for (String nonsense : new String[] {
            "allocator.indexer.request-timeout=0s",
            "allocator.indexer.connect-timeout=-1s",
            "allocator.indexer.url=ftp://indexer",
            "allocator.indexer.max-pages=0",
            "allocator.indexer.supported-chains-refresh=0s"
        }) {
            runner.withPropertyValues(nonsense)
                    .run(context -> assertThat(context).as(nonsense).hasFailed());
        }
    }

    @Test
    void refusesToStartWithoutTheSettings() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class))
                .withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("allocator.indexer.url=http://localhost:4000")
                .run(context -> assertThat(context).hasFailed());
    }
}

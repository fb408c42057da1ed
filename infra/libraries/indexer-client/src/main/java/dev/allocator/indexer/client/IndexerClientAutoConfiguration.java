package dev.allocator.indexer.client;

import dev.allocator.model.indexer.Indexer;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one wiring of the indexer client, for every service and for local mode: the HTTP client
 * from {@link IndexerProperties}, guarded by the resilience4j instances named {@value
 * ResilientIndexer#NAME} (configured the standard way under {@code resilience4j.circuitbreaker},
 * {@code .retry} and {@code .bulkhead}, their metrics exported by resilience4j's own
 * auto-configuration), and the cache of the supported chains of the service's {@link
 * AllocatorAddress}.
 *
 * <p>The failure classification is code, not configuration: customizers apply it over the
 * configured instance, and an instance left unconfigured gets the registry's default
 * configuration with the classification applied, never the library's record-everything default.
 */
@AutoConfiguration(
        after = {CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class, BulkheadAutoConfiguration.class})
@EnableConfigurationProperties(IndexerProperties.class)
public class IndexerClientAutoConfiguration {

    @Bean
    CircuitBreakerConfigCustomizer indexerCircuitBreakerClassification() {
        return CircuitBreakerConfigCustomizer.of(ResilientIndexer.NAME, ResilientIndexer::classify);
    }

    @Bean
    RetryConfigCustomizer indexerRetryClassification() {
        return RetryConfigCustomizer.of(ResilientIndexer.NAME, ResilientIndexer::classify);
    }

    /** Backs off when a test or another module supplies its own {@link Indexer}. */
    @Bean
    @ConditionalOnMissingBean(Indexer.class)
    ResilientIndexer indexer(
            IndexerProperties properties,
            CircuitBreakerRegistry circuitBreakers,
            RetryRegistry retries,
            BulkheadRegistry bulkheads,
            ObjectProvider<MeterRegistry> meters) {
        CircuitBreaker circuitBreaker = circuitBreakers
                .find(ResilientIndexer.NAME)
                .orElseGet(() -> circuitBreakers.circuitBreaker(
                        ResilientIndexer.NAME,
                        ResilientIndexer.classify(CircuitBreakerConfig.from(circuitBreakers.getDefaultConfig()))
                                .build()));
        Retry retry = retries.find(ResilientIndexer.NAME)
                .orElseGet(() -> retries.retry(
                        ResilientIndexer.NAME,
                        ResilientIndexer.classify(RetryConfig.from(retries.getDefaultConfig()))
                                .build()));
        return new ResilientIndexer(
                new GraphQlIndexer(properties),
                circuitBreaker,
                retry,
                bulkheads.bulkhead(ResilientIndexer.NAME),
                meters.stream().findFirst().map(IndexerTimings::new).orElse(IndexerTimings.NONE));
    }

    /** Starts loading in the background: the service comes up while the indexer is down, and says so in health. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(AllocatorAddress.class)
    SupportedChainsCache supportedChainsCache(
            Indexer indexer, AllocatorAddress allocator, IndexerProperties properties, Clock clock) {
        return new SupportedChainsCache(indexer, allocator.value(), properties.supportedChainsRefresh(), clock::instant)
                .start();
    }
}

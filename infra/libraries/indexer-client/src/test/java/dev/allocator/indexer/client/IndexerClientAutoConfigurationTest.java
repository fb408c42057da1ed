package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.value.Address;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadMetricsAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The wiring both services share: resilience4j's standard configuration, with our classification on top. */
class IndexerClientAutoConfigurationTest {
    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CircuitBreakerAutoConfiguration.class,
                    RetryAutoConfiguration.class,
                    BulkheadAutoConfiguration.class,
                    IndexerClientAutoConfiguration.class))
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues(IndexerPropertiesTest.VALID);

    @Configuration(proxyBeanMethods = false)
    static class ForAnAllocator {
        @Bean
        AllocatorAddress allocatorAddress() {
            return new AllocatorAddress(Address.of("0x00000000000018df021ff2467df97ff846e09f48"));
        }
    }

    @Test
    void tunesTheGuardsFromResilience4jsOwnSettings() {
        runner.withPropertyValues(
                        "resilience4j.circuitbreaker.instances.indexer.sliding-window-size=7",
                        "resilience4j.circuitbreaker.instances.indexer.wait-duration-in-open-state=3s",
                        "resilience4j.retry.instances.indexer.max-attempts=5",
                        "resilience4j.bulkhead.instances.indexer.max-concurrent-calls=9")
                .run(context -> {
                    ResilientIndexer indexer = context.getBean(ResilientIndexer.class);
                    CircuitBreakerConfig breaker = indexer.circuitBreaker().getCircuitBreakerConfig();

                    assertThat(breaker.getSlidingWindowSize()).isEqualTo(7);
                    assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1))
                            .isEqualTo(Duration.ofSeconds(3).toMillis());
                    assertThat(indexer.retry().getRetryConfig().getMaxAttempts())
                            .isEqualTo(5);
                    assertThat(indexer.bulkhead().getBulkheadConfig().getMaxConcurrentCalls())
                            .isEqualTo(9);
                    assertClassified(breaker, indexer.retry().getRetryConfig());
                });
    }

    @Test
    void backsOffExponentiallyWithJitterFromTheStandardRetrySettings() {
        runner.withPropertyValues(
                        "resilience4j.retry.instances.indexer.wait-duration=100ms",
                        "resilience4j.retry.instances.indexer.enable-exponential-backoff=true",
                        "resilience4j.retry.instances.indexer.exponential-backoff-multiplier=2.0",
                        "resilience4j.retry.instances.indexer.exponential-max-wait-duration=1s",
                        "resilience4j.retry.instances.indexer.enable-randomized-wait=true",
                        "resilience4j.retry.instances.indexer.randomized-wait-factor=0.5")
                .run(context -> {
                    var interval = context.getBean(ResilientIndexer.class)
                            .retry()
                            .getRetryConfig()
                            .getIntervalBiFunction();
                    java.util.Set<Long> firstWaits = new java.util.HashSet<>();
                    for (int i = 0; i < 200; i++) {
                        long first = interval.apply(1, null);
                        long third = interval.apply(3, null);
                        assertThat(first).isBetween(50L, 150L);
                        assertThat(third).isBetween(200L, 600L);
                        firstWaits.add(first);
                    }
                    assertThat(firstWaits).as("jittered").hasSizeGreaterThan(10);
                });
    }

    @Test
    void classifiesFailuresOverAConfigurationThatSaysOtherwise() {
        runner.withPropertyValues(
                        "resilience4j.circuitbreaker.instances.indexer.record-exceptions=java.lang.RuntimeException",
                        "resilience4j.retry.instances.indexer.retry-exceptions=java.lang.RuntimeException")
                .run(context -> {
                    ResilientIndexer indexer = context.getBean(ResilientIndexer.class);
                    assertClassified(
                            indexer.circuitBreaker().getCircuitBreakerConfig(),
                            indexer.retry().getRetryConfig());
                });
    }

    @Test
    void classifiesFailuresWhenTheInstancesAreNotConfiguredAtAll() {
        runner.run(context -> {
            ResilientIndexer indexer = context.getBean(ResilientIndexer.class);
            assertClassified(
                    indexer.circuitBreaker().getCircuitBreakerConfig(),
                    indexer.retry().getRetryConfig());
        });
    }

    @Test
    void cachesTheSupportedChainsOfTheServicesAllocatorOnly() {
        runner.run(context -> assertThat(context).doesNotHaveBean(SupportedChainsCache.class));
        runner.withUserConfiguration(ForAnAllocator.class)
                .run(context -> assertThat(context).hasSingleBean(SupportedChainsCache.class));
    }

    @Test
    void exportsTheGuardsMetricsUnderTheInstanceName() {
        runner.withConfiguration(AutoConfigurations.of(
                        CircuitBreakerMetricsAutoConfiguration.class,
                        RetryMetricsAutoConfiguration.class,
                        BulkheadMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    context.getBean(ResilientIndexer.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    assertThat(registry.find("resilience4j.circuitbreaker.state")
                                    .tag("name", ResilientIndexer.NAME)
                                    .gauges())
                            .isNotEmpty();
                    assertThat(registry.find("resilience4j.retry.calls")
                                    .tag("name", ResilientIndexer.NAME)
                                    .meters())
                            .isNotEmpty();
                    assertThat(registry.find("resilience4j.bulkhead.available.concurrent.calls")
                                    .tag("name", ResilientIndexer.NAME)
                                    .gauges())
                            .isNotEmpty();
                });
    }

    @Test
    void stepsAsideForAnIndexerTheApplicationSupplies() {
        runner.withBean(Indexer.class, FakeIndexer::new)
                .run(context -> assertThat(context).doesNotHaveBean(ResilientIndexer.class));
    }

    private static void assertClassified(CircuitBreakerConfig breaker, RetryConfig retry) {
        IndexerUnavailableException down = new IndexerUnavailableException("down");
        IndexerAnswerRejectedException odd = new IndexerAnswerRejectedException("2^256");
        assertThat(breaker.getRecordExceptionPredicate().test(down)).isTrue();
        assertThat(breaker.getIgnoreExceptionPredicate().test(odd)).isTrue();
        assertThat(breaker.getRecordExceptionPredicate().test(odd)).isFalse();
        assertThat(breaker.getIgnoreExceptionPredicate()
                        .test(BulkheadFullException.createBulkheadFullException(
                                io.github.resilience4j.bulkhead.Bulkhead.ofDefaults("x"))))
                .isTrue();
        assertThat(retry.getExceptionPredicate().test(down)).isTrue();
        assertThat(retry.getExceptionPredicate().test(odd)).isFalse();
    }
}

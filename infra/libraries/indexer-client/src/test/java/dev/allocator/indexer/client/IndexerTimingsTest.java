package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** allocator_indexer_request_seconds: one timing per client call, retries included, with its outcome. */
class IndexerTimingsTest {
    final MeterRegistry registry = new SimpleMeterRegistry();

    ResilientIndexer timed(Indexer delegate) {
        return new ResilientIndexer(
                delegate,
                CircuitBreaker.of(
                        ResilientIndexer.NAME,
                        ResilientIndexer.classify(CircuitBreakerConfig.custom()).build()),
                Retry.of(
                        ResilientIndexer.NAME,
                        ResilientIndexer.classify(RetryConfig.from(ResilientIndexerTest.quickRetries(3)))
                                .build()),
                Bulkhead.of(ResilientIndexer.NAME, BulkheadConfig.ofDefaults()),
                new IndexerTimings(registry));
    }

    Timer timer(String operation, String outcome) {
        return registry.get("allocator.indexer.request")
                .tags("operation", operation, "outcome", outcome)
                .timer();
    }

    @Test
    void registersEveryOperationAndOutcomeAtStart() {
        timed(new FakeIndexer());
        for (String operation : List.of("supportedChains", "lockDetails", "resourceLocks")) {
            for (String outcome : List.of("success", "unavailable", "rejected", "error")) {
                assertThat(timer(operation, outcome).count())
                        .as(operation + " " + outcome)
                        .isZero();
            }
        }
    }

    @Test
    void timesASuccessfulCall() {
        Indexer up = new FakeIndexer() {
            @Override
            public List<SupportedChain> supportedChains(Address allocator) {
                return ResilientIndexerTest.CHAINS;
            }
        };

        assertThat(timed(up).supportedChains(ResilientIndexerTest.ALLOCATOR)).isEqualTo(ResilientIndexerTest.CHAINS);

        assertThat(timer("supportedChains", "success").count()).isEqualTo(1);
        assertThat(timer("supportedChains", "unavailable").count()).isZero();
    }

    @Test
    void timesAnUnavailableIndexerOnceForTheCallWithItsRetries() {
        Indexer down = new FakeIndexer() {
            @Override
            public LockDetails lockDetails(LockDetailsQuery query) {
                sleep(5);
                throw new IndexerUnavailableException("down");
            }
        };

        assertThatThrownBy(() -> timed(down).lockDetails(null)).isInstanceOf(IndexerUnavailableException.class);

        Timer unavailable = timer("lockDetails", "unavailable");
        assertThat(unavailable.count()).isEqualTo(1);
        // Three attempts of at least 5 ms each are in the one timing.
        assertThat(unavailable.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(15);
        assertThat(timer("lockDetails", "success").count()).isZero();
    }

    @Test
    void timesARejectedAnswerAndAnUnexpectedErrorApart() {
        Indexer odd = new FakeIndexer() {
            @Override
            public LockDetails lockDetails(LockDetailsQuery query) {
                throw new IndexerAnswerRejectedException("a balance of 2^256");
            }

            @Override
            public List<SponsorLock> resourceLocks(Address sponsor) {
                throw new IllegalStateException("a bug");
            }
        };
        ResilientIndexer indexer = timed(odd);

        assertThatThrownBy(() -> indexer.lockDetails(null)).isInstanceOf(IndexerAnswerRejectedException.class);
        assertThatThrownBy(() -> indexer.resourceLocks(ResilientIndexerTest.ALLOCATOR))
                .isInstanceOf(IllegalStateException.class);

        assertThat(timer("lockDetails", "rejected").count()).isEqualTo(1);
        assertThat(timer("resourceLocks", "error").count()).isEqualTo(1);
    }

    @Test
    void anOpenCircuitIsTimedAsUnavailable() {
        ResilientIndexer indexer = timed(new FakeIndexer());
        indexer.circuitBreaker().transitionToOpenState();

        assertThatThrownBy(() -> indexer.supportedChains(ResilientIndexerTest.ALLOCATOR))
                .isInstanceOf(IndexerUnavailableException.class);

        assertThat(timer("supportedChains", "unavailable").count()).isEqualTo(1);
    }

    @Test
    void theAutoConfiguredClientIsTimedInTheApplicationsRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        CircuitBreakerAutoConfiguration.class,
                        RetryAutoConfiguration.class,
                        BulkheadAutoConfiguration.class,
                        IndexerClientAutoConfiguration.class))
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(MeterRegistry.class, () -> registry)
                .withPropertyValues(IndexerPropertiesTest.VALID)
                .run(context -> {
                    context.getBean(ResilientIndexer.class);
                    assertThat(registry.find("allocator.indexer.request").timers())
                            .hasSize(12);
                });
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

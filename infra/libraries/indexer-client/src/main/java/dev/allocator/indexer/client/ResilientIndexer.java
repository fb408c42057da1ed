package dev.allocator.indexer.client;

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
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.function.Function;

/**
 * Guards another {@link Indexer}: each call runs inside a bulkhead (bounded concurrency), a
 * circuit breaker (fail fast while the indexer is failing) and a retry (exponential backoff with
 * jitter), in that order from the inside out, as resilience4j recommends. The per-call timeout is
 * the HTTP request timeout of {@link GraphQlIndexer}.
 *
 * <p>Only {@link IndexerUnavailableException} is retried and counted by the breaker; {@link
 * IndexerAnswerRejectedException} (one lock's or sponsor's odd data) passes through at once and is
 * ignored by the breaker, so one tenant cannot open the circuit for all. An open circuit or a full
 * bulkhead fail at once, without retry, as {@link IndexerUnavailableException}. {@link
 * #classify(CircuitBreakerConfig.Builder)} and {@link #classify(RetryConfig.Builder)} hold that
 * rule; the Spring wiring applies them over whatever the operator configured.
 *
 * <p>The decorated functions are built once, so a call costs the guards' own bookkeeping only.
 */
public final class ResilientIndexer implements Indexer {
    /** The resilience4j instance name of the breaker, the retry and the bulkhead. */
    public static final String NAME = "indexer";

    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final Function<Address, List<SupportedChain>> supportedChains;
    private final Function<LockDetailsQuery, LockDetails> lockDetails;
    private final Function<Address, List<SponsorLock>> resourceLocks;

    public ResilientIndexer(Indexer delegate, CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead) {
        this(delegate, circuitBreaker, retry, bulkhead, IndexerTimings.NONE);
    }

    /** Guarded as above, each call timed, retries included, by {@code timings}. */
    public ResilientIndexer(
            Indexer delegate, CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead, IndexerTimings timings) {
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
        this.bulkhead = bulkhead;
        this.supportedChains = timings.timed("supportedChains", guard(delegate::supportedChains));
        this.lockDetails = timings.timed("lockDetails", guard(delegate::lockDetails));
        this.resourceLocks = timings.timed("resourceLocks", guard(delegate::resourceLocks));
    }

    /**
     * Guards with breaker, retry and bulkhead built from these configurations, each with the
     * failure classification applied: for callers without Spring, and tests.
     */
    public static ResilientIndexer of(
            Indexer delegate, CircuitBreakerConfig circuitBreaker, RetryConfig retry, BulkheadConfig bulkhead) {
        return new ResilientIndexer(
                delegate,
                CircuitBreaker.of(
                        NAME,
                        classify(CircuitBreakerConfig.from(circuitBreaker)).build()),
                Retry.of(NAME, classify(RetryConfig.from(retry)).build()),
                Bulkhead.of(NAME, bulkhead));
    }

    /** Records only unavailability as a failure; a rejected answer or a full bulkhead is no evidence. */
    public static CircuitBreakerConfig.Builder classify(CircuitBreakerConfig.Builder builder) {
        return builder.recordExceptions(IndexerUnavailableException.class)
                .ignoreExceptions(IndexerAnswerRejectedException.class, BulkheadFullException.class);
    }

    /** Retries only unavailability: the same question gets the same rejected answer again. */
    public static <T> RetryConfig.Builder<T> classify(RetryConfig.Builder<T> builder) {
        return builder.retryExceptions(IndexerUnavailableException.class)
                .ignoreExceptions(IndexerAnswerRejectedException.class);
    }

    @Override
    public List<SupportedChain> supportedChains(Address allocator) {
        return call(supportedChains, allocator);
    }

    @Override
    public LockDetails lockDetails(LockDetailsQuery query) {
        return call(lockDetails, query);
    }

    @Override
    public List<SponsorLock> resourceLocks(Address sponsor) {
        return call(resourceLocks, sponsor);
    }

    /** The breaker, for health and metrics. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The retry, for metrics. */
    public Retry retry() {
        return retry;
    }

    /** The bulkhead, for metrics. */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    private <A, T> Function<A, T> guard(Function<A, T> target) {
        return Retry.decorateFunction(
                retry, CircuitBreaker.decorateFunction(circuitBreaker, Bulkhead.decorateFunction(bulkhead, target)));
    }

    private static <A, T> T call(Function<A, T> guarded, A argument) {
        try {
            return guarded.apply(argument);
        } catch (CallNotPermittedException e) {
            throw new IndexerUnavailableException("the indexer circuit is open after repeated failures", e);
        } catch (BulkheadFullException e) {
            throw new IndexerUnavailableException("too many indexer calls in flight", e);
        }
    }
}

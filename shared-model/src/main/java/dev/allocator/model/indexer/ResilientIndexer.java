package dev.allocator.model.indexer;

import dev.allocator.model.value.Address;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * Guards another {@link Indexer}: each call runs inside a bulkhead (bounded concurrency), a
 * circuit breaker (fail fast while the indexer is failing) and a retry (exponential backoff with
 * jitter), in that order from the inside out, as resilience4j recommends. The per-call timeout is
 * the HTTP request timeout of {@link GraphQlIndexer}. Every failure surfaces as {@link
 * IndexerUnavailableException}: an open circuit or a full bulkhead fail at once, without retry.
 */
public final class ResilientIndexer implements Indexer {
    private final Indexer delegate;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;

    public ResilientIndexer(Indexer delegate, IndexerSettings settings) {
        this.delegate = delegate;
        IndexerSettings.RetrySettings retrySettings = settings.retry();
        this.retry = Retry.of(
                "indexer",
                RetryConfig.custom()
                        .maxAttempts(retrySettings.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                retrySettings.initialBackoff(),
                                retrySettings.multiplier(),
                                retrySettings.randomizationFactor(),
                                retrySettings.maxBackoff()))
                        .retryExceptions(IndexerUnavailableException.class)
                        .build());
        IndexerSettings.CircuitBreakerSettings breaker = settings.circuitBreaker();
        this.circuitBreaker = CircuitBreaker.of(
                "indexer",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(breaker.slidingWindowSize())
                        .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                        .failureRateThreshold(breaker.failureRateThreshold())
                        .waitDurationInOpenState(breaker.waitDurationInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                        .recordExceptions(IndexerUnavailableException.class)
                        .ignoreExceptions(BulkheadFullException.class)
                        .build());
        this.bulkhead = Bulkhead.of(
                "indexer",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(settings.bulkhead().maxConcurrentCalls())
                        .maxWaitDuration(settings.bulkhead().maxWait())
                        .build());
    }

    /** The usual stack: {@link GraphQlIndexer} over HTTP, guarded. */
    public static ResilientIndexer overHttp(IndexerSettings settings) {
        return new ResilientIndexer(new GraphQlIndexer(settings), settings);
    }

    @Override
    public List<SupportedChain> supportedChains(Address allocator) {
        return call(() -> delegate.supportedChains(allocator));
    }

    @Override
    public LockDetails lockDetails(LockDetailsQuery query) {
        return call(() -> delegate.lockDetails(query));
    }

    @Override
    public List<SponsorLock> resourceLocks(Address sponsor) {
        return call(() -> delegate.resourceLocks(sponsor));
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

    private <T> T call(Supplier<T> target) {
        Supplier<T> guarded = Bulkhead.decorateSupplier(bulkhead, target);
        guarded = CircuitBreaker.decorateSupplier(circuitBreaker, guarded);
        guarded = Retry.decorateSupplier(retry, guarded);
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new IndexerUnavailableException("the indexer circuit is open after repeated failures", e);
        } catch (BulkheadFullException e) {
            throw new IndexerUnavailableException("too many indexer calls in flight", e);
        }
    }
}

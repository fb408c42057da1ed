package dev.allocator.command.health;

import dev.allocator.indexer.client.ResilientIndexer;
import dev.allocator.indexer.client.SupportedChainsCache;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code indexer} component: the state of the resilience4j circuit breaker {@value
 * ResilientIndexer#NAME}, when an indexer call last succeeded, and whether the supported chains
 * were ever loaded. UP while the breaker lets calls through (CLOSED, DISABLED, METRICS_ONLY) and the
 * chains are known; DOWN while it is OPEN, FORCED_OPEN or HALF_OPEN (still probing), or before the
 * chains were ever loaded.
 *
 * <p>Not part of readiness: the indexer is shared by every instance, so a failing indexer would
 * take all of them out of the load balancer at once, and the requests that do not need it (GET
 * /health, sessions) would have nowhere to go. Requests that need it answer 503 with Retry-After.
 *
 * <p>The last success is taken from the breaker's success events, which every guarded call
 * publishes; calls made before this component subscribed are covered by the supported chains'
 * last successful load.
 */
final class IndexerHealthIndicator implements HealthIndicator {
    private final CircuitBreakerRegistry breakers;
    private final SupportedChainsCache supportedChains;
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private volatile CircuitBreaker breaker;

    IndexerHealthIndicator(CircuitBreakerRegistry breakers, SupportedChainsCache supportedChains) {
        this.breakers = breakers;
        this.supportedChains = supportedChains;
        breaker();
    }

    @Override
    public Health health() {
        SupportedChainsCache.Status chains = supportedChains.status();
        succeededAt(chains.lastSuccess());
        Optional<CircuitBreaker> found = breaker();
        Health.Builder health;
        if (found.isEmpty()) {
            health = Health.unknown().withDetail("reason", "no circuit breaker named " + ResilientIndexer.NAME);
        } else {
            CircuitBreaker.State state = found.get().getState();
            health = switch (state) {
                case CLOSED, DISABLED, METRICS_ONLY ->
                    chains.loaded()
                            ? Health.up()
                            : Health.down().withDetail("reason", "the supported chains were never loaded");
                case OPEN, FORCED_OPEN -> Health.down().withDetail("reason", "the circuit is open: calls fail at once");
                case HALF_OPEN ->
                    Health.down()
                            .withDetail(
                                    "reason", "the circuit is half open: a few trial calls decide whether it closes");
            };
            health.withDetail("circuitBreaker", breakerDetails(found.get()));
        }
        Instant last = lastSuccess.get();
        health.withDetail("lastSuccess", last == null ? "never" : last.toString());
        Map<String, Object> chainDetails = new LinkedHashMap<>();
        chainDetails.put("loaded", chains.loaded());
        chainDetails.put("count", chains.chains().size());
        if (chains.lastError() != null) {
            chainDetails.put("lastError", chains.lastError());
        }
        return health.withDetail("supportedChains", chainDetails).build();
    }

    private static Map<String, Object> breakerDetails(CircuitBreaker breaker) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", breaker.getName());
        details.put("state", breaker.getState().name());
        details.put("failureRate", metrics.getFailureRate());
        details.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
        details.put("failedCalls", metrics.getNumberOfFailedCalls());
        details.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
        return details;
    }

    /** The breaker, once the indexer client has created it; subscribes to its successes once. */
    private Optional<CircuitBreaker> breaker() {
        CircuitBreaker current = breaker;
        if (current == null) {
            synchronized (this) {
                if (breaker == null) {
                    breakers.find(ResilientIndexer.NAME).ifPresent(found -> {
                        found.getEventPublisher()
                                .onSuccess(event ->
                                        succeededAt(event.getCreationTime().toInstant()));
                        breaker = found;
                    });
                }
                current = breaker;
            }
        }
        return Optional.ofNullable(current);
    }

    private void succeededAt(Instant at) {
        if (at != null) {
            lastSuccess.accumulateAndGet(at, (old, now) -> old == null || now.isAfter(old) ? now : old);
        }
    }
}

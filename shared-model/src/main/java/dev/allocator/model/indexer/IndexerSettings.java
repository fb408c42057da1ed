package dev.allocator.model.indexer;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach The Compact indexer and how hard to try. Every component may be left null (as a
 * configuration binder does for missing keys) and then takes its default; {@link #defaults()}
 * gives them all.
 *
 * @param url the indexer's base URL; requests go to {@code url + "/graphql"}
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long one HTTP request may take, connection included
 * @param maxPages the most pages one list may span before the answer is refused as runaway
 * @param supportedChainsRefresh how often {@link SupportedChainsCache} refreshes
 */
public record IndexerSettings(
        URI url,
        Duration connectTimeout,
        Duration requestTimeout,
        Integer maxPages,
        RetrySettings retry,
        CircuitBreakerSettings circuitBreaker,
        BulkheadSettings bulkhead,
        Duration supportedChainsRefresh) {

    public static final URI DEFAULT_URL = URI.create("http://localhost:4000");

    public IndexerSettings {
        url = url == null ? DEFAULT_URL : url;
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("indexer url must be http or https");
        }
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(2), "connectTimeout");
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(5), "requestTimeout");
        maxPages = atLeastOne(maxPages, 1_000, "maxPages");
        retry = retry == null ? RetrySettings.DEFAULT : retry;
        circuitBreaker = circuitBreaker == null ? CircuitBreakerSettings.DEFAULT : circuitBreaker;
        bulkhead = bulkhead == null ? BulkheadSettings.DEFAULT : bulkhead;
        supportedChainsRefresh = positive(supportedChainsRefresh, Duration.ofMinutes(10), "supportedChainsRefresh");
    }

    public static IndexerSettings defaults() {
        return new IndexerSettings(null, null, null, null, null, null, null, null);
    }

    public static IndexerSettings defaults(URI url) {
        return defaults().withUrl(url);
    }

    public IndexerSettings withUrl(URI newUrl) {
        return new IndexerSettings(
                newUrl,
                connectTimeout,
                requestTimeout,
                maxPages,
                retry,
                circuitBreaker,
                bulkhead,
                supportedChainsRefresh);
    }

    public IndexerSettings withRequestTimeout(Duration timeout) {
        return new IndexerSettings(
                url, connectTimeout, timeout, maxPages, retry, circuitBreaker, bulkhead, supportedChainsRefresh);
    }

    public IndexerSettings withRetry(RetrySettings newRetry) {
        return new IndexerSettings(
                url,
                connectTimeout,
                requestTimeout,
                maxPages,
                newRetry,
                circuitBreaker,
                bulkhead,
                supportedChainsRefresh);
    }

    public IndexerSettings withCircuitBreaker(CircuitBreakerSettings newCircuitBreaker) {
        return new IndexerSettings(
                url,
                connectTimeout,
                requestTimeout,
                maxPages,
                retry,
                newCircuitBreaker,
                bulkhead,
                supportedChainsRefresh);
    }

    public IndexerSettings withBulkhead(BulkheadSettings newBulkhead) {
        return new IndexerSettings(
                url,
                connectTimeout,
                requestTimeout,
                maxPages,
                retry,
                circuitBreaker,
                newBulkhead,
                supportedChainsRefresh);
    }

    /** The GraphQL endpoint: the base URL without its trailing slash, then {@code /graphql}. */
    public URI graphQlEndpoint() {
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/graphql");
    }

    /**
     * Retries of a failed call, with exponential backoff and jitter: attempt n waits about {@code
     * initialBackoff * multiplier^(n-1)}, randomized by ±{@code randomizationFactor}, at most
     * {@code maxBackoff}.
     *
     * @param maxAttempts attempts in all, the first included; 1 means no retry
     */
    public record RetrySettings(
            Integer maxAttempts,
            Duration initialBackoff,
            Double multiplier,
            Double randomizationFactor,
            Duration maxBackoff) {
        public static final RetrySettings DEFAULT = new RetrySettings(null, null, null, null, null);

        public RetrySettings {
            maxAttempts = atLeastOne(maxAttempts, 3, "retry.maxAttempts");
            initialBackoff = positive(initialBackoff, Duration.ofMillis(200), "retry.initialBackoff");
            multiplier = multiplier == null ? 2.0 : multiplier;
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("retry.multiplier must be at least 1");
            }
            randomizationFactor = randomizationFactor == null ? 0.5 : randomizationFactor;
            if (randomizationFactor < 0.0 || randomizationFactor >= 1.0) {
                throw new IllegalArgumentException("retry.randomizationFactor must be in [0, 1)");
            }
            maxBackoff = positive(maxBackoff, Duration.ofSeconds(2), "retry.maxBackoff");
        }
    }

    /**
     * The circuit breaker: over the last {@code slidingWindowSize} calls (once at least {@code
     * minimumNumberOfCalls} were made), a failure rate of {@code failureRateThreshold} percent opens
     * it; open, it fails calls at once for {@code waitDurationInOpenState}, then lets {@code
     * permittedCallsInHalfOpenState} trial calls through.
     */
    public record CircuitBreakerSettings(
            Float failureRateThreshold,
            Integer slidingWindowSize,
            Integer minimumNumberOfCalls,
            Duration waitDurationInOpenState,
            Integer permittedCallsInHalfOpenState) {
        public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(null, null, null, null, null);

        public CircuitBreakerSettings {
            failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
            if (failureRateThreshold <= 0f || failureRateThreshold > 100f) {
                throw new IllegalArgumentException("circuitBreaker.failureRateThreshold must be in (0, 100]");
            }
            slidingWindowSize = atLeastOne(slidingWindowSize, 20, "circuitBreaker.slidingWindowSize");
            minimumNumberOfCalls = atLeastOne(minimumNumberOfCalls, 10, "circuitBreaker.minimumNumberOfCalls");
            waitDurationInOpenState =
                    positive(waitDurationInOpenState, Duration.ofSeconds(30), "circuitBreaker.waitDurationInOpenState");
            permittedCallsInHalfOpenState =
                    atLeastOne(permittedCallsInHalfOpenState, 3, "circuitBreaker.permittedCallsInHalfOpenState");
        }
    }

    /**
     * At most {@code maxConcurrentCalls} calls in flight; a further caller waits up to {@code
     * maxWait} for a slot, then fails.
     */
    public record BulkheadSettings(Integer maxConcurrentCalls, Duration maxWait) {
        public static final BulkheadSettings DEFAULT = new BulkheadSettings(null, null);

        public BulkheadSettings {
            maxConcurrentCalls = atLeastOne(maxConcurrentCalls, 16, "bulkhead.maxConcurrentCalls");
            maxWait = maxWait == null ? Duration.ofMillis(500) : maxWait;
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("bulkhead.maxWait must not be negative");
            }
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration chosen = value == null ? fallback : value;
        if (chosen.isNegative() || chosen.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return chosen;
    }

    private static Integer atLeastOne(Integer value, int fallback, String name) {
        int chosen = value == null ? fallback : value;
        if (chosen < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return chosen;
    }
}

package dev.allocator.indexer.client;

import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code allocator_indexer_request_seconds{operation,outcome}}: every call of the indexer client as
 * its caller sees it, retries, back-off and waiting for the bulkhead included. The operation is the
 * {@code Indexer} method; the outcome {@code success}, {@code unavailable} (no usable answer, an open
 * circuit or a full bulkhead), {@code rejected} (an answer refused for its data) or {@code error}
 * (anything else, a bug). All are registered at start.
 */
public final class IndexerTimings {
    static final List<String> OPERATIONS = List.of("supportedChains", "lockDetails", "resourceLocks");

    /** Records nothing: for an indexer built without a registry. */
    public static final IndexerTimings NONE = new IndexerTimings(new CompositeMeterRegistry());

    enum Outcome {
        SUCCESS,
        UNAVAILABLE,
        REJECTED,
        ERROR;

        static Outcome of(RuntimeException e) {
            if (e instanceof IndexerUnavailableException
                    || e instanceof CallNotPermittedException
                    || e instanceof BulkheadFullException) {
                return UNAVAILABLE;
            }
            return e instanceof IndexerAnswerRejectedException ? REJECTED : ERROR;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Map<Outcome, Timer>> timers = new HashMap<>();

    public IndexerTimings(MeterRegistry registry) {
        for (String operation : OPERATIONS) {
            Map<Outcome, Timer> byOutcome = new java.util.EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(
                        outcome,
                        Timer.builder("allocator.indexer.request")
                                .description("Calls of the indexer client, retries included, by operation and outcome")
                                .tag("operation", operation)
                                .tag("outcome", outcome.tag())
                                .publishPercentileHistogram()
                                .register(registry));
            }
            timers.put(operation, byOutcome);
        }
    }

    /** {@code call}, timed under {@code operation}, one of {@link #OPERATIONS}. */
    <A, T> Function<A, T> timed(String operation, Function<A, T> call) {
        Map<Outcome, Timer> byOutcome = timers.get(operation);
        if (byOutcome == null) {
            throw new IllegalArgumentException("unknown indexer operation " + operation);
        }
        return argument -> {
            long started = System.nanoTime();
            Outcome outcome = Outcome.ERROR;
            try {
                T result = call.apply(argument);
                outcome = Outcome.SUCCESS;
                return result;
            } catch (RuntimeException e) {
                outcome = Outcome.of(e);
                throw e;
            } finally {
                byOutcome.get(outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        };
    }
}

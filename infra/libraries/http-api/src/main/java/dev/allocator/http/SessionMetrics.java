package dev.allocator.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code allocator_sessions_total{operation,outcome}} and {@code
 * allocator_session_seconds{operation,outcome}}: sign-ins ({@code create}), session checks of the
 * {@code x-session-id} header ({@code validate}, in both services) and sign-outs ({@code revoke}),
 * each {@code ok}, {@code rejected} (a 4xx: bad or unknown session, refused sign-in) or {@code
 * failed} (a 5xx: a dependency down, no decision in time). Each service registers the operations
 * it performs at start, so that a rate of zero reads as zero rather than as no data.
 */
public final class SessionMetrics {

    /** What was done with a session. */
    public enum Operation {
        CREATE,
        VALIDATE,
        REVOKE,
        REFRESH;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Operation, Map<Answer.Outcome, Meters>> meters = new EnumMap<>(Operation.class);

    public SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the counters and timers of the operations this service performs. */
    public synchronized SessionMetrics performs(Operation... operations) {
        for (Operation operation : operations) {
            meters.computeIfAbsent(operation, o -> {
                Map<Answer.Outcome, Meters> byOutcome = new EnumMap<>(Answer.Outcome.class);
                for (Answer.Outcome outcome : Answer.Outcome.values()) {
                    byOutcome.put(outcome, new Meters(registry, o, outcome));
                }
                return byOutcome;
            });
        }
        return this;
    }

    public void record(Operation operation, Answer.Outcome outcome, long nanos) {
        Map<Answer.Outcome, Meters> byOutcome = meters.get(operation);
        if (byOutcome == null) {
            performs(operation);
            byOutcome = meters.get(operation);
        }
        byOutcome.get(outcome).record(nanos);
    }

    /**
     * Runs a session check and records it: {@code ok} when it returns, {@code rejected} when it
     * refuses with a client error, {@code failed} otherwise.
     */
    public <T> T validate(Supplier<T> check) {
        long started = System.nanoTime();
        Answer.Outcome outcome = Answer.Outcome.FAILED;
        try {
            T session = check.get();
            outcome = Answer.Outcome.OK;
            return session;
        } catch (ApiException e) {
            outcome = Answer.Outcome.ofStatus(e.code().status().value());
            throw e;
        } finally {
            record(Operation.VALIDATE, outcome, System.nanoTime() - started);
        }
    }

    private record Meters(Counter count, Timer time) {
        Meters(MeterRegistry registry, Operation operation, Answer.Outcome outcome) {
            this(
                    Counter.builder("allocator.sessions")
                            .description("Session operations (create, validate, revoke) by outcome")
                            .tag("operation", operation.tag())
                            .tag("outcome", outcome.tag())
                            .register(registry),
                    Timer.builder("allocator.session")
                            .description("Time of a session operation (create, validate, revoke) by outcome")
                            .tag("operation", operation.tag())
                            .tag("outcome", outcome.tag())
                            .publishPercentileHistogram()
                            .register(registry));
        }

        void record(long nanos) {
            count.increment();
            time.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}

package dev.allocator.readmodel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * {@code jooq_query_seconds{type,outcome}}: every statement run through a read-model {@code
 * DSLContext}, from jOOQ's start to its end (rendering, execution and fetching the rows), by kind
 * ({@code read}, {@code write}, {@code batch}, {@code ddl}, {@code routine}, {@code other}) and
 * {@code success} or {@code error}. Spring Boot 4.0 has no jOOQ metrics of its own, and the read
 * model's contexts are built here rather than by Boot; connection waits are Hikari's metrics.
 */
public final class QueryTimings implements ExecuteListener {
    private static final String STARTED = QueryTimings.class.getName() + ".started";

    private final MeterRegistry registry;

    public QueryTimings(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void start(ExecuteContext ctx) {
        ctx.data(STARTED, System.nanoTime());
    }

    @Override
    public void end(ExecuteContext ctx) {
        if (!(ctx.data(STARTED) instanceof Long started)) {
            return;
        }
        boolean failed = ctx.exception() != null || ctx.sqlException() != null;
        Timer.builder("jooq.query")
                .description("Read-model statements run through jOOQ, by kind and outcome")
                .tag("type", ctx.type().name().toLowerCase(Locale.ROOT))
                .tag("outcome", failed ? "error" : "success")
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}

package dev.allocator.command.processor;

import dev.allocator.command.sponsor.Decision;
import dev.allocator.model.message.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the processor decided, by outcome, and how long deciding took. */
final class ProcessorMetrics {
    private final MeterRegistry registry;
    private final Counter poison;
    private final Timer decideTime;
    private final Counter expired;

    ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.poison = Counter.builder("allocator.processor.poison.commands")
                .description("Command records that could not be read and were skipped")
                .register(registry);
        this.decideTime = Timer.builder("allocator.processor.decide")
                .description("Time to decide one command and emit its records")
                .publishPercentileHistogram()
                .register(registry);
        this.expired = Counter.builder("allocator.commands.expired")
                .description("Commands refused undecided because they were read too close to their deadline")
                .register(registry);
    }

    void expired() {
        expired.increment();
    }

    void poisonCommand() {
        poison.increment();
    }

    void decided(Decision decision, long nanos) {
        decideTime.record(nanos, TimeUnit.NANOSECONDS);
        String outcome = decision.reply() instanceof Reply.Rejected rejected
                ? rejected.reason().name().toLowerCase(Locale.ROOT)
                : "accepted";
        registry.counter("allocator.processor.decisions", "outcome", outcome).increment();
    }
}

package dev.allocator.command.processor;

import dev.allocator.command.sponsor.Decision;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.Reply;
import dev.allocator.model.value.Address;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the processor decided, by outcome, how long deciding took, and which key signed. A signature
 * counts when a decision signs a compact, before its transaction commits: a transaction that is
 * aborted (the instance fenced, or dead before the commit) and whose command is decided again counts
 * twice, so {@code allocator_signatures_total} is at least, not exactly, the number of compacts
 * allocated.
 */
final class ProcessorMetrics {
    private final MeterRegistry registry;
    private final Counter poison;
    private final Timer decideTime;
    private final Counter expired;
    private final Counter signatures;

    ProcessorMetrics(MeterRegistry registry, Address signer) {
        this.registry = registry;
        this.signatures = Counter.builder("allocator.signatures")
                .description("Compacts signed, by the address of the signing key")
                .tag("key", signer.lowercase())
                .register(registry);
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
        Counter.builder("allocator.processor.decisions")
                .description("Commands decided, by outcome: accepted or the rejection's reason")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        for (Event event : decision.events()) {
            if (event instanceof Event.CompactAllocated) {
                signatures.increment();
            }
        }
    }
}

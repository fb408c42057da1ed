package dev.allocator.command.processor;

import dev.allocator.model.message.CommandEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the processor may still decide a command: before its deadline less the margin a committed
 * decision needs to reach the waiting HTTP tier. A command read later is refused undecided, so a
 * backlog drains as cheap refusals instead of allocations whose clients were told they failed.
 *
 * @param clock the processor's wall clock; the deadline was set by the HTTP tier's, so their skew
 *     is part of the margin
 * @param margin see {@code allocator.messaging.decision-margin}
 */
public record DeadlinePolicy(Clock clock, Duration margin) {
    /** Decides everything: for tests that drive the topology without deadlines. */
    public static DeadlinePolicy none() {
        return new DeadlinePolicy(Clock.systemUTC(), Duration.ZERO);
    }

    boolean tooLate(CommandEnvelope command, Instant now) {
        return command.tooLateToDecide(now, margin);
    }
}

package dev.allocator.command.sponsor;

import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * decide → sequence → apply for one command: the one loop the processor runs and the tests drive,
 * so the events a test folds are those production emits. The state changes only by applying the
 * envelopes it returns.
 */
public final class DecisionLoop {
    private final SponsorDecider decider;

    public DecisionLoop(SponsorDecider decider) {
        this.decider = decider;
    }

    public Handled handle(CommandEnvelope command, SponsorState state) {
        return handle(command, state, SigningStatus.ACTIVE);
    }

    /** With the signing status of {@code allocator.control} the decision is taken under. */
    public Handled handle(CommandEnvelope command, SponsorState state, SigningStatus signing) {
        Decision decision = decider.decide(command, state, signing);
        List<EventEnvelope> events = List.of();
        if (!decision.events().isEmpty()) {
            Address sponsor = command.sponsor();
            long sequence = state.lastSequence(sponsor);
            events = new ArrayList<>(decision.events().size());
            for (Event event : decision.events()) {
                sequence++;
                EventEnvelope envelope = new EventEnvelope(
                        eventId(sponsor, sequence), sponsor, sequence, decision.at(), command.requestId(), event);
                state.apply(envelope);
                events.add(envelope);
            }
        }
        return new Handled(decision, events, new ReplyEnvelope(command.requestId(), decision.at(), decision.reply()));
    }

    /** Deterministic, so a re-emitted event after a fenced retry carries the same id. */
    static UUID eventId(Address sponsor, long sequence) {
        return UUID.nameUUIDFromBytes((sponsor.lowercase() + "#" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One command's outcome: the events to append (already applied) and the reply.
     *
     * @param events sequenced envelopes, empty for a rejection or a repeated answer
     */
    public record Handled(Decision decision, List<EventEnvelope> events, ReplyEnvelope reply) {}
}

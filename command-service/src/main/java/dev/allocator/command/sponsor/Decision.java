package dev.allocator.command.sponsor;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import java.time.Instant;
import java.util.List;

/**
 * What the decider concluded about one command. Everything the state learns from it is in its
 * events; a rejection or a repeated answer has none and changes nothing.
 *
 * @param events the facts to append, in order; empty for a rejection or a repeated answer
 * @param reply what the waiting client is told
 * @param at the decision time the events are stamped with
 */
public record Decision(List<Event> events, Reply reply, Instant at) {
    public Decision {
        events = List.copyOf(events);
    }

    static Decision accept(Event event, Reply reply, Instant at) {
        return new Decision(List.of(event), reply, at);
    }

    static Decision answer(Reply reply, Instant at) {
        return new Decision(List.of(), reply, at);
    }

    static Decision reject(Rejection reason, String message, Instant at) {
        return new Decision(List.of(), new Reply.Rejected(reason, message), at);
    }

    public boolean isRejected() {
        return reply instanceof Reply.Rejected;
    }
}

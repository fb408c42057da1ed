package dev.allocator.command.sponsor;

import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.value.Bytes32;
import java.time.Instant;
import java.util.List;

/**
 * What the decider concluded about one command.
 *
 * @param events the facts to append, in order; empty for a rejection or a repeated answer
 * @param reply what the waiting client is told
 * @param at the decision time the events are stamped with
 * @param fingerprint the idempotency fingerprint of an allocation request, or null
 */
public record Decision(List<Event> events, Reply reply, Instant at, Bytes32 fingerprint) {
    public Decision {
        events = List.copyOf(events);
    }

    static Decision accept(Event event, Reply reply, Instant at, Bytes32 fingerprint) {
        return new Decision(List.of(event), reply, at, fingerprint);
    }

    static Decision answer(Reply reply, Instant at) {
        return new Decision(List.of(), reply, at, null);
    }

    static Decision reject(Rejection reason, String message, Instant at) {
        return new Decision(List.of(), new Reply.Rejected(reason, message), at, null);
    }

    public boolean isRejected() {
        return reply instanceof Reply.Rejected;
    }

    static Bytes32 fingerprint(String canonicalRequest) {
        return Keccak.hash(canonicalRequest);
    }
}

package dev.allocator.model.message;

import dev.allocator.model.value.Address;
import java.time.Duration;
import java.time.Instant;

/**
 * A command on its way to the processor.
 *
 * @param requestId correlates the reply and becomes the events' causation id
 * @param issuedAt the decision time, set once by the HTTP tier so that a replay decides the same
 * @param deadline when the HTTP tier stops waiting for the reply; a command read later than that
 *     (less the processor's margin) is refused undecided, so nothing is allocated for a client that
 *     was told it failed. Null only on records written before deadlines existed.
 */
public record CommandEnvelope(String requestId, Instant issuedAt, Instant deadline, Command command) {
    public CommandEnvelope {
        if (requestId == null || requestId.isBlank() || issuedAt == null || command == null) {
            throw new IllegalArgumentException("command envelope needs a request id, a time and a command");
        }
    }

    /** A command nobody waits for with a deadline: tests and replays. */
    public CommandEnvelope(String requestId, Instant issuedAt, Command command) {
        this(requestId, issuedAt, null, command);
    }

    public Address sponsor() {
        return command.sponsor();
    }

    /** The Kafka record key: the lowercase sponsor address. */
    public String key() {
        return sponsor().lowercase();
    }

    /**
     * @return whether deciding now could produce an answer that arrives after the HTTP tier gave
     *     up, given that delivering a committed decision takes up to {@code margin}
     */
    public boolean tooLateToDecide(Instant now, Duration margin) {
        return deadline != null && !now.plus(margin).isBefore(deadline);
    }
}

package dev.allocator.model.message;

import dev.allocator.model.value.Address;
import java.time.Instant;

/**
 * A command on its way to the processor.
 *
 * @param requestId correlates the reply and becomes the events' causation id
 * @param issuedAt the decision time, set once by the HTTP tier so that a replay decides the same
 */
public record CommandEnvelope(String requestId, Instant issuedAt, Command command) {
    public CommandEnvelope {
        if (requestId == null || requestId.isBlank() || issuedAt == null || command == null) {
            throw new IllegalArgumentException("command envelope needs a request id, a time and a command");
        }
    }

    public Address sponsor() {
        return command.sponsor();
    }

    /** The Kafka record key: the lowercase sponsor address. */
    public String key() {
        return sponsor().lowercase();
    }
}

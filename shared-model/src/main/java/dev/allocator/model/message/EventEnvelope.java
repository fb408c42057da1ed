package dev.allocator.model.message;

import dev.allocator.model.value.Address;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as the log stores it.
 *
 * @param sequence per sponsor, gap-free, from 1
 * @param requestId the command that caused it
 */
public record EventEnvelope(
        UUID eventId, Address sponsor, long sequence, Instant occurredAt, String requestId, Event event) {
    public EventEnvelope {
        if (eventId == null || sponsor == null || occurredAt == null || requestId == null || event == null) {
            throw new IllegalArgumentException("event envelope fields are required");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("event sequence starts at 1");
        }
    }

    /** The Kafka record key: the lowercase sponsor address. */
    public String key() {
        return sponsor.lowercase();
    }
}

package dev.allocator.model.message;

import java.time.Instant;

/** A reply, keyed by the request id the HTTP tier waits on. */
public record ReplyEnvelope(String requestId, Instant occurredAt, Reply reply) {
    public ReplyEnvelope {
        if (requestId == null || occurredAt == null || reply == null) {
            throw new IllegalArgumentException("reply envelope fields are required");
        }
    }
}

package dev.allocator.projector.projection;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.EventEnvelope;
import org.jooq.DSLContext;

/**
 * The changes of one poll batch, collected in memory and written with one statement per table,
 * inside the caller's transaction.
 */
public final class ReadModelBatch {
    private final SessionProjection sessions = new SessionProjection();
    private final CompactProjection compacts = new CompactProjection();
    private final NonceProjection nonces = new NonceProjection();
    private int events;

    /** True for the event types this projector knows how to apply. */
    public static boolean canApply(Event event) {
        return event instanceof SessionCreated || event instanceof SessionRevoked || event instanceof CompactAllocated;
    }

    public void on(EventEnvelope envelope) {
        Event event = envelope.event();
        if (event instanceof SessionCreated created) {
            sessions.on(envelope, created);
        } else if (event instanceof SessionRevoked revoked) {
            sessions.on(envelope, revoked);
        } else if (event instanceof CompactAllocated allocated) {
            compacts.on(envelope, allocated);
            nonces.on(allocated);
        } else {
            throw new IllegalArgumentException(
                    "cannot project " + event.getClass().getSimpleName());
        }
        events++;
    }

    public int events() {
        return events;
    }

    public void write(DSLContext tx) {
        sessions.write(tx);
        compacts.write(tx);
        nonces.write(tx);
    }
}

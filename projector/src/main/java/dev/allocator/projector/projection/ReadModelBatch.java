package dev.allocator.projector.projection;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRefreshed;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * The changes of one poll batch, collected in memory and written with one statement per table,
 * inside the caller's transaction. The statements are returned rather than run, so that the caller
 * sends them with the positions in one JDBC batch: one network round trip for all the writes.
 */
public final class ReadModelBatch {
    private final SessionProjection sessions = new SessionProjection();
    private final CompactProjection compacts = new CompactProjection();
    private final NonceProjection nonces = new NonceProjection();
    private int events;

    /** True for the event types this projector knows how to apply. */
    public static boolean canApply(Event event) {
        return event instanceof SessionCreated
                || event instanceof SessionRevoked
                || event instanceof SessionRefreshed
                || event instanceof CompactAllocated;
    }

    public void on(EventEnvelope envelope) {
        Event event = envelope.event();
        if (event instanceof SessionCreated created) {
            sessions.on(envelope, created);
        } else if (event instanceof SessionRevoked revoked) {
            sessions.on(envelope, revoked);
        } else if (event instanceof SessionRefreshed refreshed) {
            sessions.on(envelope, refreshed);
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

    /** The statements that write this batch, one or two per table, in the order they must run. */
    public List<Query> statements(DSLContext tx) {
        List<Query> queries = new ArrayList<>();
        sessions.write(tx, queries);
        compacts.write(tx, queries);
        nonces.write(tx, queries);
        return queries;
    }
}

package dev.allocator.projector.projection;

import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;

import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.readmodel.jooq.read_model.tables.records.SessionsRecord;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record2;
import org.jooq.Row2;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** The sessions read model: who signed in, until when, and whether the session was revoked. */
final class SessionProjection {
    private final Map<String, SessionsRecord> created = new LinkedHashMap<>();
    private final Map<String, OffsetDateTime> revoked = new LinkedHashMap<>();

    void on(EventEnvelope envelope, SessionCreated event) {
        created.put(
                event.sessionId(),
                new SessionsRecord(
                        event.sessionId(),
                        event.sponsor().bytes(),
                        event.chainId().value(),
                        event.domain(),
                        event.siweNonce(),
                        Times.utc(event.issuedAt()),
                        Times.utc(event.expiresAt()),
                        false,
                        null,
                        envelope.sequence()));
    }

    void on(EventEnvelope envelope, SessionRevoked event) {
        OffsetDateTime at = Times.utc(envelope.occurredAt());
        SessionsRecord pending = created.get(event.sessionId());
        if (pending != null) {
            pending.setRevoked(true);
            pending.setRevokedAt(at);
        } else {
            revoked.putIfAbsent(event.sessionId(), at);
        }
    }

    /** One multi-row insert and one update joined to a VALUES list, added to the batch. */
    void write(DSLContext tx, List<Query> queries) {
        if (!created.isEmpty()) {
            queries.add(tx.insertInto(SESSIONS).columns(SESSIONS.fields()).valuesOfRecords(created.values()));
        }
        if (!revoked.isEmpty()) {
            List<Row2<String, OffsetDateTime>> rows = new ArrayList<>();
            revoked.forEach((id, at) -> rows.add(DSL.row(id, at)));
            @SuppressWarnings("unchecked")
            Table<Record2<String, OffsetDateTime>> values =
                    DSL.values(rows.toArray(Row2[]::new)).as("v", "session_id", "revoked_at");
            Field<String> id = values.field("session_id", String.class);
            Field<OffsetDateTime> at = values.field("revoked_at", OffsetDateTime.class);
            queries.add(tx.update(SESSIONS)
                    .set(SESSIONS.REVOKED, true)
                    .set(SESSIONS.REVOKED_AT, DSL.coalesce(SESSIONS.REVOKED_AT, at))
                    .from(values)
                    .where(SESSIONS.SESSION_ID.eq(id)));
        }
    }
}

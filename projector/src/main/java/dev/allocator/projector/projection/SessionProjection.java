package dev.allocator.projector.projection;

import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;

import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRefreshed;
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

/**
 * The sessions read model: who signed in, until when, and whether the session was revoked. A
 * refresh revokes the old row and inserts the new one in the batch's transaction, so no reader
 * ever sees both live or neither.
 */
final class SessionProjection {
    private final Map<String, SessionsRecord> created = new LinkedHashMap<>();
    private final Map<String, OffsetDateTime> revoked = new LinkedHashMap<>();
    /** Refreshes of sessions stored by an earlier batch: their new rows copy the old row's sign-in. */
    private final List<Refresh> refreshedFromStored = new ArrayList<>();

    /** A new session row to be derived, in the database, from the stored row of {@code previous}. */
    private record Refresh(
            String previous, String sessionId, OffsetDateTime issuedAt, OffsetDateTime expiresAt, long sequence) {}

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
        revoke(event.sessionId(), Times.utc(envelope.occurredAt()));
    }

    /**
     * The new row continues the old one's sign-in (sponsor, chain, domain, SIWE nonce) and is
     * issued at the refresh; the old row is revoked at the same instant.
     */
    void on(EventEnvelope envelope, SessionRefreshed event) {
        OffsetDateTime at = Times.utc(envelope.occurredAt());
        revoke(event.previousSessionId(), at);
        SessionsRecord previous = created.get(event.previousSessionId());
        if (previous != null) {
            created.put(
                    event.sessionId(),
                    new SessionsRecord(
                            event.sessionId(),
                            previous.getSponsor(),
                            previous.getChainId(),
                            previous.getDomain(),
                            previous.getSiweNonce(),
                            at,
                            Times.utc(event.expiresAt()),
                            false,
                            null,
                            envelope.sequence()));
        } else {
            refreshedFromStored.add(new Refresh(
                    event.previousSessionId(),
                    event.sessionId(),
                    at,
                    Times.utc(event.expiresAt()),
                    envelope.sequence()));
        }
    }

    private void revoke(String sessionId, OffsetDateTime at) {
        SessionsRecord pending = created.get(sessionId);
        if (pending != null) {
            pending.setRevoked(true);
            pending.setRevokedAt(at);
        } else {
            revoked.putIfAbsent(sessionId, at);
        }
    }

    /**
     * One multi-row insert, one insert-select per refresh of a stored session (in log order, so a
     * chain of refreshes finds each previous row), and one update joined to a VALUES list, added to
     * the batch. The update runs last: it revokes rows the inserts before it may have written.
     */
    void write(DSLContext tx, List<Query> queries) {
        if (!created.isEmpty()) {
            queries.add(tx.insertInto(SESSIONS).columns(SESSIONS.fields()).valuesOfRecords(created.values()));
        }
        for (Refresh refresh : refreshedFromStored) {
            queries.add(tx.insertInto(SESSIONS)
                    .columns(SESSIONS.fields())
                    .select(DSL.select(
                                    DSL.val(refresh.sessionId()),
                                    SESSIONS.SPONSOR,
                                    SESSIONS.CHAIN_ID,
                                    SESSIONS.DOMAIN,
                                    SESSIONS.SIWE_NONCE,
                                    DSL.val(refresh.issuedAt()),
                                    DSL.val(refresh.expiresAt()),
                                    DSL.inline(false),
                                    DSL.castNull(SESSIONS.REVOKED_AT.getDataType()),
                                    DSL.val(refresh.sequence()))
                            .from(SESSIONS)
                            .where(SESSIONS.SESSION_ID.eq(refresh.previous()))));
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

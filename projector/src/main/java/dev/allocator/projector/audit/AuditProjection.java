package dev.allocator.projector.audit;

import static dev.allocator.readmodel.jooq.read_model.Tables.AUDIT_LOG;
import static dev.allocator.readmodel.jooq.read_model.Tables.AUDIT_POSITIONS;

import dev.allocator.model.audit.AuditRecord;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.impl.DSL;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The audit table's statements: one row per record (a replayed record is a no-op), and positions. */
final class AuditProjection {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditProjection() {}

    /** Inserts the record unless its id is already stored: at-least-once delivery, exactly-once rows. */
    static Query insert(DSLContext tx, AuditRecord record) {
        ObjectNode details = JSON.createObjectNode();
        record.details().forEach(details::put);
        return tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.ID, record.id())
                .set(AUDIT_LOG.OCCURRED_AT, record.occurredAt().atOffset(ZoneOffset.UTC))
                .set(AUDIT_LOG.ACTION, record.action().name())
                .set(AUDIT_LOG.ACTOR_KIND, record.actor().kind().wire())
                .set(AUDIT_LOG.ACTOR_ID, record.actor().id())
                .set(AUDIT_LOG.OUTCOME, record.outcome().wire())
                .set(AUDIT_LOG.REASON, record.reason())
                .set(AUDIT_LOG.REQUEST_ID, record.requestId())
                .set(AUDIT_LOG.DETAILS, JSONB.valueOf(JSON.writeValueAsString(details)))
                .onConflict(AUDIT_LOG.ID)
                .doNothing();
    }

    static Map<Integer, Long> positions(DSLContext dsl) {
        Map<Integer, Long> positions = new HashMap<>();
        dsl.select(AUDIT_POSITIONS.PARTITION, AUDIT_POSITIONS.NEXT_OFFSET)
                .from(AUDIT_POSITIONS)
                .forEach(row -> positions.put(row.value1(), row.value2()));
        return positions;
    }

    static Query writePositions(DSLContext tx, Map<Integer, Long> positions) {
        var insert = tx.insertInto(AUDIT_POSITIONS, AUDIT_POSITIONS.PARTITION, AUDIT_POSITIONS.NEXT_OFFSET);
        for (Map.Entry<Integer, Long> entry : positions.entrySet()) {
            insert = insert.values(entry.getKey(), entry.getValue());
        }
        return insert.onConflict(AUDIT_POSITIONS.PARTITION)
                .doUpdate()
                .set(AUDIT_POSITIONS.NEXT_OFFSET, DSL.excluded(AUDIT_POSITIONS.NEXT_OFFSET));
    }
}

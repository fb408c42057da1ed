package dev.allocator.query.audit;

import static dev.allocator.readmodel.jooq.read_model.Tables.AUDIT_LOG;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * The audit log, newest first, in keyset pages over (occurred_at, id): each filter combination is
 * served by one of the table's indexes (time; actor, time; action, time). PostgreSQL renders each
 * record's JSON, so the service only joins the strings.
 */
@Component
class AuditQueries {
    private static final Field<String> DOCUMENT = DSL.field(
            "json_build_object('id', {0}, 'occurredAt', to_char({1} at time zone 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), 'action', {2}, 'actor', json_build_object('kind', {3},"
                    + " 'id', {4}), 'outcome', {5}, 'reason', {6}, 'requestId', {7}, 'details', {8})::text",
            SQLDataType.CLOB,
            AUDIT_LOG.ID,
            AUDIT_LOG.OCCURRED_AT,
            AUDIT_LOG.ACTION,
            AUDIT_LOG.ACTOR_KIND,
            AUDIT_LOG.ACTOR_ID,
            AUDIT_LOG.OUTCOME,
            AUDIT_LOG.REASON,
            AUDIT_LOG.REQUEST_ID,
            AUDIT_LOG.DETAILS);

    Page page(DSLContext dsl, AuditQuery query) {
        Condition condition = DSL.noCondition();
        if (query.from() != null) {
            condition = condition.and(AUDIT_LOG.OCCURRED_AT.ge(query.from().atOffset(ZoneOffset.UTC)));
        }
        if (query.to() != null) {
            condition = condition.and(AUDIT_LOG.OCCURRED_AT.lt(query.to().atOffset(ZoneOffset.UTC)));
        }
        if (query.actor() != null) {
            condition = condition.and(AUDIT_LOG.ACTOR_ID.eq(query.actor()));
        }
        if (query.action() != null) {
            condition = condition.and(AUDIT_LOG.ACTION.eq(query.action().name()));
        }
        if (query.cursor() != null) {
            OffsetDateTime at = OffsetDateTime.ofInstant(
                    Instant.EPOCH.plus(query.cursor().epochMicros(), ChronoUnit.MICROS), ZoneOffset.UTC);
            condition = condition.and(DSL.row(AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ID)
                    .lt(DSL.row(DSL.val(at), DSL.val(query.cursor().id()))));
        }
        var fetched = dsl.select(DOCUMENT, AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(condition)
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(query.limit() + 1)
                .fetch();
        boolean more = fetched.size() > query.limit();
        var page = more ? fetched.subList(0, query.limit()) : fetched;
        StringBuilder json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(page.get(i).value1());
        }
        json.append("]}");
        AuditQuery.Cursor next = null;
        if (more) {
            var last = page.get(page.size() - 1);
            next = new AuditQuery.Cursor(
                    ChronoUnit.MICROS.between(Instant.EPOCH, last.value2().toInstant()), last.value3());
        }
        return new Page(json.toString(), next);
    }

    /** One page as a JSON object, and the cursor of the next page when there is one. */
    record Page(String json, AuditQuery.Cursor next) {}
}

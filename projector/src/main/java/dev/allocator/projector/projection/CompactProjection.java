package dev.allocator.projector.projection;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;

import dev.allocator.model.compact.Compact;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Hex;
import dev.allocator.readmodel.jooq.read_model.tables.records.CompactsRecord;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.Query;

/** The compacts read model: every signed compact with all its fields, witness included. */
final class CompactProjection {
    private final List<CompactsRecord> rows = new ArrayList<>();

    void on(EventEnvelope envelope, CompactAllocated event) {
        Compact compact = event.compact();
        if (compact.nonce() == null) {
            throw new IllegalArgumentException("a signed compact always carries its nonce");
        }
        rows.add(new CompactsRecord(
                event.chainId().value(),
                event.claimHash().bytes(),
                compact.arbiter().bytes(),
                compact.sponsor().bytes(),
                compact.nonce().value(),
                compact.expires().value(),
                compact.id().value().value(),
                compact.amount().value(),
                compact.witnessTypeString(),
                compact.witnessHash() == null ? null : compact.witnessHash().bytes(),
                event.digest().bytes(),
                Hex.decode(event.signature().toCompactHex(), 64),
                Times.utc(envelope.occurredAt()),
                envelope.sequence(),
                event.sessionId(),
                event.nonceAssigned(),
                JSON.json(CompactDocument.render(envelope, event))));
    }

    /** One multi-row insert. A second row for the same claim fails the batch: it is never expected. */
    void write(DSLContext tx, List<Query> queries) {
        if (!rows.isEmpty()) {
            queries.add(tx.insertInto(COMPACTS).columns(COMPACTS.fields()).valuesOfRecords(rows));
        }
    }
}

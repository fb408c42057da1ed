package dev.allocator.projector.projection;

import static dev.allocator.readmodel.jooq.read_model.Tables.PROJECTION_POSITIONS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SPONSOR_SEQUENCES;

import dev.allocator.model.value.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Row2;
import org.jooq.impl.DSL;

/** Where the projection stands: the Kafka position per partition and the last sequence per sponsor. */
public final class ProjectionState {
    private ProjectionState() {}

    /** The stored position per partition: the next offset to read. */
    public static Map<Integer, Long> positions(DSLContext dsl) {
        Map<Integer, Long> positions = new HashMap<>();
        dsl.select(PROJECTION_POSITIONS.PARTITION, PROJECTION_POSITIONS.NEXT_OFFSET)
                .from(PROJECTION_POSITIONS)
                .forEach(row -> positions.put(row.value1(), row.value2()));
        return positions;
    }

    public static void writePositions(DSLContext tx, Map<Integer, Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        var insert =
                tx.insertInto(PROJECTION_POSITIONS, PROJECTION_POSITIONS.PARTITION, PROJECTION_POSITIONS.NEXT_OFFSET);
        for (Map.Entry<Integer, Long> entry : positions.entrySet()) {
            insert = insert.values(entry.getKey(), entry.getValue());
        }
        insert.onConflict(PROJECTION_POSITIONS.PARTITION)
                .doUpdate()
                .set(PROJECTION_POSITIONS.NEXT_OFFSET, DSL.excluded(PROJECTION_POSITIONS.NEXT_OFFSET))
                .execute();
    }

    /** The last applied sequence of each of the given sponsors that has one. */
    public static Map<Address, Long> sequences(DSLContext tx, Set<Address> sponsors) {
        Map<Address, Long> sequences = new HashMap<>();
        if (sponsors.isEmpty()) {
            return sequences;
        }
        List<byte[]> keys = new ArrayList<>();
        sponsors.forEach(sponsor -> keys.add(sponsor.bytes()));
        for (Record2<byte[], Long> row : tx.select(SPONSOR_SEQUENCES.SPONSOR, SPONSOR_SEQUENCES.LAST_SEQUENCE)
                .from(SPONSOR_SEQUENCES)
                .where(SPONSOR_SEQUENCES.SPONSOR.in(keys))
                .fetch()) {
            sequences.put(Address.ofBytes(row.value1()), row.value2());
        }
        return sequences;
    }

    public static void writeSequences(DSLContext tx, Map<Address, Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        List<Row2<byte[], Long>> rows = new ArrayList<>();
        sequences.forEach((sponsor, sequence) -> rows.add(DSL.row(sponsor.bytes(), sequence)));
        var insert = tx.insertInto(SPONSOR_SEQUENCES, SPONSOR_SEQUENCES.SPONSOR, SPONSOR_SEQUENCES.LAST_SEQUENCE)
                .valuesOfRows(rows);
        insert.onConflict(SPONSOR_SEQUENCES.SPONSOR)
                .doUpdate()
                .set(SPONSOR_SEQUENCES.LAST_SEQUENCE, DSL.excluded(SPONSOR_SEQUENCES.LAST_SEQUENCE))
                .execute();
    }
}

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
import org.jooq.Query;
import org.jooq.Row2;
import org.jooq.impl.DSL;

/**
 * Where the projection stands: the Kafka position per partition and the last sequence per sponsor.
 * The positions alone are read and written by the read-model module's {@code ProjectionPositions}.
 */
public final class ProjectionState {
    private ProjectionState() {}

    /**
     * The stored positions and the given sponsors' last sequences, read by one statement.
     *
     * @param positions every stored position, by partition
     * @param sequences the last applied sequence of each of the sponsors that has one
     */
    public record Standing(Map<Integer, Long> positions, Map<Address, Long> sequences) {}

    public static Standing standing(DSLContext tx, Set<Address> sponsors) {
        List<byte[]> keys = new ArrayList<>();
        sponsors.forEach(sponsor -> keys.add(sponsor.bytes()));
        var query = tx.select(
                        PROJECTION_POSITIONS.PARTITION,
                        DSL.inline((byte[]) null).as("sponsor"),
                        PROJECTION_POSITIONS.NEXT_OFFSET)
                .from(PROJECTION_POSITIONS)
                .unionAll(tx.select(
                                DSL.inline((Integer) null), SPONSOR_SEQUENCES.SPONSOR, SPONSOR_SEQUENCES.LAST_SEQUENCE)
                        .from(SPONSOR_SEQUENCES)
                        .where(keys.isEmpty() ? DSL.falseCondition() : SPONSOR_SEQUENCES.SPONSOR.in(keys)));
        Map<Integer, Long> positions = new HashMap<>();
        Map<Address, Long> sequences = new HashMap<>();
        for (var row : query.fetch()) {
            if (row.value1() != null) {
                positions.put(row.value1(), row.value3());
            } else {
                sequences.put(Address.ofBytes(row.value2()), row.value3());
            }
        }
        return new Standing(positions, sequences);
    }

    /** The upsert of the given sponsors' sequences, or null when there are none. */
    public static Query writeSequences(DSLContext tx, Map<Address, Long> sequences) {
        if (sequences.isEmpty()) {
            return null;
        }
        List<Row2<byte[], Long>> rows = new ArrayList<>();
        sequences.forEach((sponsor, sequence) -> rows.add(DSL.row(sponsor.bytes(), sequence)));
        var insert = tx.insertInto(SPONSOR_SEQUENCES, SPONSOR_SEQUENCES.SPONSOR, SPONSOR_SEQUENCES.LAST_SEQUENCE)
                .valuesOfRows(rows);
        return insert.onConflict(SPONSOR_SEQUENCES.SPONSOR)
                .doUpdate()
                .set(SPONSOR_SEQUENCES.LAST_SEQUENCE, DSL.excluded(SPONSOR_SEQUENCES.LAST_SEQUENCE));
    }
}

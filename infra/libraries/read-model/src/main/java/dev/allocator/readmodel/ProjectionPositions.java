package dev.allocator.readmodel;

import static dev.allocator.readmodel.jooq.read_model.Tables.PROJECTION_POSITIONS;

import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * The projector's position of record per partition of {@code allocator.events}: the next offset it
 * will read, stored in each generation's {@code projection_positions} and moved in the same
 * transaction as the rows. The projector restarts from it; the query service's read barrier and
 * health compare it with the log's end. One place for the query both sides run.
 */
public final class ProjectionPositions {
    private ProjectionPositions() {}

    /** The stored position (next offset) per partition of the generation {@code dsl} renders. */
    public static Map<Integer, Long> read(DSLContext dsl) {
        Map<Integer, Long> positions = new HashMap<>();
        dsl.select(PROJECTION_POSITIONS.PARTITION, PROJECTION_POSITIONS.NEXT_OFFSET)
                .from(PROJECTION_POSITIONS)
                .forEach(row -> positions.put(row.value1(), row.value2()));
        return positions;
    }

    /** The upsert of the given positions, or null when there are none. */
    public static Query write(DSLContext tx, Map<Integer, Long> positions) {
        if (positions.isEmpty()) {
            return null;
        }
        var insert =
                tx.insertInto(PROJECTION_POSITIONS, PROJECTION_POSITIONS.PARTITION, PROJECTION_POSITIONS.NEXT_OFFSET);
        for (Map.Entry<Integer, Long> entry : positions.entrySet()) {
            insert = insert.values(entry.getKey(), entry.getValue());
        }
        return insert.onConflict(PROJECTION_POSITIONS.PARTITION)
                .doUpdate()
                .set(PROJECTION_POSITIONS.NEXT_OFFSET, DSL.excluded(PROJECTION_POSITIONS.NEXT_OFFSET));
    }
}

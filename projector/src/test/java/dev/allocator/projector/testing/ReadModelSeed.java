package dev.allocator.projector.testing;

import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Address;
import dev.allocator.projector.projection.ProjectionState;
import dev.allocator.projector.projection.ReadModelBatch;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.Query;

/**
 * Writes events into a read-model generation the way the projector does (its {@link ReadModelBatch}
 * and sequence upsert in one transaction), without a broker: for tests of what reads or prunes the
 * read model.
 */
public final class ReadModelSeed {
    private ReadModelSeed() {}

    /** The control schema and the first generation, migrated and active. */
    public static Generation prepare(DataSource dataSource) {
        ReadModelSchemas.migrateControl(dataSource);
        Generation active = ReadModelSchemas.activateFirst(ReadModelSchemas.control(dataSource));
        ReadModelSchemas.migrateGeneration(dataSource, active.schema());
        return active;
    }

    /** Applies the events, in order, to {@code generation} in one transaction. */
    public static void apply(DataSource dataSource, Generation generation, List<EventEnvelope> events) {
        ReadModelSchemas.dsl(dataSource, generation.schema()).transaction(configuration -> {
            ReadModelBatch batch = new ReadModelBatch();
            Map<Address, Long> sequences = new HashMap<>();
            for (EventEnvelope event : events) {
                batch.on(event);
                sequences.put(event.sponsor(), event.sequence());
            }
            List<Query> writes = batch.statements(configuration.dsl());
            writes.add(ProjectionState.writeSequences(configuration.dsl(), sequences));
            for (Query write : writes) {
                write.execute();
            }
        });
    }
}

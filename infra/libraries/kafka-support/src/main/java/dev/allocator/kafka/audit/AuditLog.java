package dev.allocator.kafka.audit;

import dev.allocator.model.audit.AuditRecord;

/**
 * Where a service writes its security-relevant records. {@link #record} never blocks the caller
 * and never throws into it: an audit record that cannot be written is counted and logged, the
 * request it describes is answered as it would have been.
 */
@FunctionalInterface
public interface AuditLog {
    /** Writes nothing: for a service that runs with {@code allocator.audit.enabled=false}. */
    AuditLog DISCARD = record -> {};

    void record(AuditRecord record);
}

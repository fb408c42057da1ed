package dev.allocator.query.consistency;

import org.jooq.DSLContext;

/**
 * A consistent place to read from: the read-model generation whose projector had applied at least
 * everything the caller may have written when the read began.
 *
 * @param schema the generation's schema
 * @param dsl reads that generation's tables
 */
public record ReadView(String schema, DSLContext dsl) {}

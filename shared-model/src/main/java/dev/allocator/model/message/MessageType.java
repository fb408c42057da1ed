package dev.allocator.model.message;

/**
 * The stable wire name and current schema version of a record type. Names are never Java class
 * names, so classes can move without breaking the log.
 */
record MessageType(String name, int version, Class<?> javaType) {}

package dev.allocator.model.message;

import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lifts the payload of one message type by exactly one schema version, so every historical
 * event stays readable after a breaking change.
 *
 * @param fromVersion the version it reads; it writes {@code fromVersion + 1}
 */
public record Upcaster(String type, int fromVersion, UnaryOperator<ObjectNode> step) {}

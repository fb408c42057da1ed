package dev.allocator.command.sponsor;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The ordered string key-value store the sponsor state lives in: a Kafka Streams store in the
 * processor, a sorted map in tests. Keys order byte-wise, so range scans follow key prefixes.
 */
public interface KeyValueView {
    String get(String key);

    default String getOrDefault(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    void put(String key, String value);

    void delete(String key);

    /** Visits the entries with {@code from <= key <= to} in key order. */
    void range(String from, String to, Consumer<Map.Entry<String, String>> visitor);
}

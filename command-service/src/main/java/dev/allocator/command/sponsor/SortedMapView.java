package dev.allocator.command.sponsor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** An in-memory {@link KeyValueView}, for tests and tools. */
public final class SortedMapView implements KeyValueView {
    private final TreeMap<String, String> map = new TreeMap<>();

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public void put(String key, String value) {
        map.put(key, value);
    }

    @Override
    public void delete(String key) {
        map.remove(key);
    }

    @Override
    public void range(String from, String to, Consumer<Map.Entry<String, String>> visitor) {
        List.copyOf(map.subMap(from, true, to, true).entrySet()).forEach(visitor);
    }

    public int size() {
        return map.size();
    }
}

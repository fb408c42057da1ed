package dev.allocator.command.processor;

import dev.allocator.command.sponsor.KeyValueView;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The sponsor state's view of a Kafka Streams store: changelogged, so it moves with the partition. */
final class StoreView implements KeyValueView {
    private final KeyValueStore<String, String> store;

    StoreView(KeyValueStore<String, String> store) {
        this.store = store;
    }

    @Override
    public String get(String key) {
        return store.get(key);
    }

    @Override
    public void put(String key, String value) {
        store.put(key, value);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public void range(String from, String to, Consumer<Map.Entry<String, String>> visitor) {
        try (KeyValueIterator<String, String> entries = store.range(from, to)) {
            while (entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                visitor.accept(Map.entry(entry.key, entry.value));
            }
        }
    }
}

package dev.allocator.command.processor;

import dev.allocator.command.signing.SigningView;
import dev.allocator.model.control.ControlCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store of {@code allocator.control} on every instance: the latest record per key,
 * which is the fold of the topic (last event wins). On start Kafka Streams restores the store from
 * the topic without this processor; {@link #init} publishes what it restored. Each record is put
 * first and published to the {@link SigningView} after, so a position the view reports applied is
 * in the store every later decision reads.
 */
final class ControlStoreProcessor implements Processor<String, byte[], Void, Void> {
    private final SigningView view;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    ControlStoreProcessor(SigningView view) {
        this.view = view;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(ProcessorTopology.CONTROL_STORE);
        view.restored(store.get(ControlCodec.SIGNING_KEY));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        store.put(record.key(), record.value());
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        view.applied(store.get(ControlCodec.SIGNING_KEY), offset);
    }
}

package dev.allocator.command.processor;

import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.message.MessageCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** commands → sponsor processor (with its state store) → events and replies. */
public final class ProcessorTopology {
    static final String SOURCE = "commands";
    static final String PROCESSOR = "sponsor-processor";
    static final String EVENTS_SINK = "events";
    static final String REPLIES_SINK = "replies";
    public static final String STATE_STORE = "sponsor-state";

    private ProcessorTopology() {}

    public static Topology build(
            String commandsTopic,
            String eventsTopic,
            String repliesTopic,
            SponsorDecider decider,
            MessageCodec codec,
            MeterRegistry registry,
            DeadlinePolicy deadlines,
            KafkaTracing tracing) {
        ProcessorMetrics metrics = new ProcessorMetrics(registry, decider.signer());
        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), commandsTopic);
        topology.addProcessor(
                PROCESSOR, () -> new SponsorCommandProcessor(decider, codec, metrics, deadlines, tracing), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), Serdes.String()),
                PROCESSOR);
        topology.addSink(
                EVENTS_SINK,
                eventsTopic,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(
                REPLIES_SINK,
                repliesTopic,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        return topology;
    }
}

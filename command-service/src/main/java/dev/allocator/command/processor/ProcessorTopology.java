package dev.allocator.command.processor;

import dev.allocator.command.signing.SigningView;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.message.MessageCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * commands → sponsor processor (with its state store) → events and replies; {@code
 * allocator.control} → a global store every decision reads (is signing paused?).
 */
public final class ProcessorTopology {
    static final String SOURCE = "commands";
    static final String PROCESSOR = "sponsor-processor";
    static final String EVENTS_SINK = "events";
    static final String REPLIES_SINK = "replies";
    public static final String STATE_STORE = "sponsor-state";
    static final String CONTROL_SOURCE = "control";
    static final String CONTROL_PROCESSOR = "control-store";
    /** The latest record of {@code allocator.control} per key, on every instance. */
    public static final String CONTROL_STORE = "signing-control";

    private ProcessorTopology() {}

    public static Topology build(
            String commandsTopic,
            String eventsTopic,
            String repliesTopic,
            String controlTopic,
            SigningView signing,
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
        // In memory and without a changelog: the topic itself is what a global store restores from.
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(CONTROL_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                CONTROL_SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                controlTopic,
                CONTROL_PROCESSOR,
                () -> new ControlStoreProcessor(signing));
        return topology;
    }
}

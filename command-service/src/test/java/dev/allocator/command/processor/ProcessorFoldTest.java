package dev.allocator.command.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.signing.SigningView;
import dev.allocator.command.sponsor.DecisionLoop;
import dev.allocator.command.sponsor.RandomCommands;
import dev.allocator.command.sponsor.ReplyCodec;
import dev.allocator.command.sponsor.SortedMapView;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.command.sponsor.SponsorState;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.Topics;
import dev.allocator.model.testing.SeededCases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Through the real topology and its RocksDB store: the store the processor leaves behind equals
 * the fold of the events it wrote to {@code allocator.events}, and those events alone answer
 * every idempotency key as the processor did.
 */
class ProcessorFoldTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final ReplyCodec REPLIES = new ReplyCodec(CODEC);
    private static final SponsorDecider DECIDER = new SponsorDecider(SigningKey.fromHex("0x" + "0c".repeat(32)));

    @Test
    void theStoreIsTheFoldOfTheEventsOnTheTopic() {
        SeededCases.forAll(10, random -> {
            RandomCommands commands = new RandomCommands(random, 1 + random.nextInt(3));
            try (TopologyTestDriver driver = driver()) {
                TestInputTopic<String, byte[]> in = driver.createInputTopic(
                        Topics.COMMANDS,
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer());
                TestOutputTopic<String, byte[]> events = driver.createOutputTopic(
                        Topics.EVENTS,
                        Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer());
                TestOutputTopic<String, byte[]> replies = driver.createOutputTopic(
                        Topics.REPLIES,
                        Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer());
                List<EventEnvelope> log = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    CommandEnvelope command = commands.next();
                    in.pipeInput(new TestRecord<>(
                            command.key(), CODEC.encode(command), new RecordHeaders(), command.issuedAt()));
                    List<EventEnvelope> emitted = events.readValuesToList().stream()
                            .map(CODEC::decodeEvent)
                            .toList();
                    List<byte[]> answered = replies.readValuesToList();
                    assertThat(answered).hasSize(1);
                    ReplyEnvelope reply = CODEC.decodeReply(answered.get(0));
                    commands.observe(command, reply.reply(), emitted);
                    log.addAll(emitted);
                }
                KeyValueStore<String, String> store = driver.getKeyValueStore(ProcessorTopology.STATE_STORE);

                SponsorState folded = SponsorState.fold(log, new SortedMapView(), REPLIES);

                assertThat(folded.dump()).isEqualTo(new SponsorState(new StoreView(store), REPLIES).dump());
                commands.assertAnswersRebuiltIn(folded, new DecisionLoop(DECIDER));
            }
        });
    }

    private static TopologyTestDriver driver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fold-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return new TopologyTestDriver(
                ProcessorTopology.build(
                        Topics.COMMANDS,
                        Topics.EVENTS,
                        Topics.REPLIES,
                        Topics.CONTROL,
                        new SigningView(new SimpleMeterRegistry()),
                        DECIDER,
                        CODEC,
                        new SimpleMeterRegistry(),
                        DeadlinePolicy.none(),
                        KafkaTracing.NOOP),
                props);
    }
}

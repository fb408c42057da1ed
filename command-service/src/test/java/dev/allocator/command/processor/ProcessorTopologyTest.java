package dev.allocator.command.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.Topics;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessorTopologyTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final SigningKey KEY = SigningKey.fromHex("0x" + "0b".repeat(32));
    private static final Address SPONSOR = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final ChainId CHAIN = ChainId.of(10);
    private static final LockId LOCK =
            LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000000");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** The processor's wall clock: ten seconds after the commands were issued. */
    private static final Clock PROCESSOR_CLOCK = Clock.fixed(NOW.plusSeconds(10), ZoneOffset.UTC);

    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> replies;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                ProcessorTopology.build(
                        Topics.COMMANDS,
                        Topics.EVENTS,
                        Topics.REPLIES,
                        new SponsorDecider(KEY),
                        CODEC,
                        registry,
                        new DeadlinePolicy(PROCESSOR_CLOCK, MARGIN)),
                props);
        commands = driver.createInputTopic(
                Topics.COMMANDS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(
                Topics.EVENTS,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        replies = driver.createOutputTopic(
                Topics.REPLIES,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String requestId, Command command, Instant at) {
        send(new CommandEnvelope(requestId, at, command));
    }

    private void send(CommandEnvelope envelope) {
        Instant at = envelope.issuedAt();
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                Topics.TRACEPARENT_HEADER,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new TestRecord<>(envelope.key(), CODEC.encode(envelope), headers, at));
    }

    private static Command.AllocateCompact allocation(String amount) {
        Compact compact = new Compact(
                SPONSOR,
                SPONSOR,
                null,
                Uint256.of(NOW.getEpochSecond() + 600),
                LOCK,
                Uint256.parse(amount),
                null,
                null);
        LockSnapshot snapshot = new LockSnapshot(
                CHAIN, LOCK, SPONSOR, Uint256.ONE, 4, Uint256.of(100), 0, Uint256.ZERO, List.of(), NOW);
        return new Command.AllocateCompact("s1", CHAIN, compact, snapshot, null);
    }

    @Test
    void emitsSequencedEventsKeyedBySponsorAndRepliesKeyedByRequest() {
        send(
                "r1",
                new Command.CreateSession(
                        "s1", SPONSOR, CHAIN, "localhost", "abcdef0123456789", NOW, NOW.plusSeconds(3600)),
                NOW);
        send("r2", allocation("60"), NOW.plusSeconds(1));
        send("r3", allocation("60"), NOW.plusSeconds(2));

        List<TestRecord<String, byte[]>> emitted = events.readRecordsToList();
        assertThat(emitted).hasSize(2);
        assertThat(emitted).allSatisfy(r -> assertThat(r.key()).isEqualTo(SPONSOR.lowercase()));
        EventEnvelope first = CODEC.decodeEvent(emitted.get(0).value());
        EventEnvelope second = CODEC.decodeEvent(emitted.get(1).value());
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.event()).isInstanceOf(Event.SessionCreated.class);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.requestId()).isEqualTo("r2");
        assertThat(second.event()).isInstanceOf(Event.CompactAllocated.class);
        assertThat(emitted.get(1).headers().lastHeader(Topics.TRACEPARENT_HEADER))
                .isNotNull();

        List<TestRecord<String, byte[]>> answered = replies.readRecordsToList();
        assertThat(answered).extracting(TestRecord::key).containsExactly("r1", "r2", "r3");
        ReplyEnvelope last = CODEC.decodeReply(answered.get(2).value());
        assertThat(last.reply()).isInstanceOf(Reply.Rejected.class);
        assertThat(((Reply.Rejected) last.reply()).message())
                .isEqualTo("Insufficient allocatable balance (have 100, need 120)");
    }

    @Test
    void skipsAnUnreadableCommandAndKeepsProcessing() {
        commands.pipeInput(SPONSOR.lowercase(), "{not json".getBytes(StandardCharsets.UTF_8), NOW);
        send(
                "r1",
                new Command.CreateSession(
                        "s1", SPONSOR, CHAIN, "localhost", "abcdef0123456789", NOW, NOW.plusSeconds(3600)),
                NOW);

        assertThat(replies.readKeyValuesToList()).hasSize(1);
        assertThat(events.readRecordsToList()).hasSize(1);
    }

    @Test
    void refusesUndecidedACommandReadTooCloseToItsDeadlineAndDecidesTheNextOne() {
        send(
                "r1",
                new Command.CreateSession(
                        "s1", SPONSOR, CHAIN, "localhost", "abcdef0123456789", NOW, NOW.plusSeconds(3600)),
                NOW);
        Instant lastMoment = PROCESSOR_CLOCK.instant().plus(MARGIN);
        send(new CommandEnvelope("gone", NOW.plusSeconds(1), PROCESSOR_CLOCK.instant(), allocation("60")));
        send(new CommandEnvelope("late", NOW.plusSeconds(1), lastMoment, allocation("60")));
        send(new CommandEnvelope("in-time", NOW.plusSeconds(2), lastMoment.plusMillis(1), allocation("60")));

        // "gone" reached its deadline before it was read: its client was answered already.
        List<TestRecord<String, byte[]>> answered = replies.readRecordsToList();
        assertThat(answered).extracting(TestRecord::key).containsExactly("r1", "late", "in-time");
        Reply late = CODEC.decodeReply(answered.get(1).value()).reply();
        assertThat(late)
                .isInstanceOfSatisfying(
                        Reply.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.DEADLINE_PASSED));
        assertThat(answered.get(1).headers().lastHeader(Topics.TRACEPARENT_HEADER))
                .isNotNull();
        // The refused command took nothing: the same amount is still there for the next one.
        assertThat(CODEC.decodeReply(answered.get(2).value()).reply()).isInstanceOf(Reply.CompactSigned.class);
        assertThat(events.readRecordsToList())
                .extracting(r -> CODEC.decodeEvent(r.value()).requestId())
                .containsExactly("r1", "in-time");
        assertThat(registry.counter("allocator.commands.expired").count()).isEqualTo(2);
    }

    @Test
    void stampsEveryReplyWithTheProcessorsDecisionTime() {
        send(
                "r1",
                new Command.CreateSession(
                        "s1", SPONSOR, CHAIN, "localhost", "abcdef0123456789", NOW, NOW.plusSeconds(3600)),
                NOW);

        TestRecord<String, byte[]> reply = replies.readRecord();
        assertThat(new String(
                        reply.headers().lastHeader(Topics.DECIDED_AT_HEADER).value(), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(PROCESSOR_CLOCK.millis()));
    }
}

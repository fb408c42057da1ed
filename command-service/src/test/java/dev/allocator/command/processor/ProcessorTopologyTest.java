package dev.allocator.command.processor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.allocator.command.signing.SigningView;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.control.ControlCodec;
import dev.allocator.model.control.ControlEvent;
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
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
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
import org.slf4j.LoggerFactory;

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

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    private final TestTracing tracing = new TestTracing();
    private final ListAppender<ILoggingEvent> decisionLines = new ListAppender<>();

    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private final SigningView signing = new SigningView(registry);
    private TestInputTopic<String, byte[]> commands;
    private TestInputTopic<String, byte[]> control;
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
                        Topics.CONTROL,
                        signing,
                        new SponsorDecider(KEY),
                        CODEC,
                        registry,
                        new DeadlinePolicy(PROCESSOR_CLOCK, MARGIN),
                        tracing.kafka),
                props);
        decisionLines.start();
        ((Logger) LoggerFactory.getLogger(DecisionLog.class)).addAppender(decisionLines);
        commands = driver.createInputTopic(
                Topics.COMMANDS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        control = driver.createInputTopic(
                Topics.CONTROL, Serdes.String().serializer(), Serdes.ByteArray().serializer());
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
        ((Logger) LoggerFactory.getLogger(DecisionLog.class)).detachAppender(decisionLines);
        tracing.close();
    }

    private void send(String requestId, Command command, Instant at) {
        send(new CommandEnvelope(requestId, at, command));
    }

    private void send(CommandEnvelope envelope) {
        Instant at = envelope.issuedAt();
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                Topics.TRACEPARENT_HEADER,
                ("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01").getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new TestRecord<>(envelope.key(), CODEC.encode(envelope), headers, at));
    }

    /** Request r1: session s1 for the sponsor, from NOW for an hour. */
    private void signIn() {
        send(
                "r1",
                new Command.CreateSession(
                        "s1", SPONSOR, CHAIN, "localhost", "abcdef0123456789", NOW, NOW.plusSeconds(3600)),
                NOW);
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
        signIn();
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
    void decidesInASpanOfTheCallersTraceAndPassesItToTheEventAndTheReply() {
        signIn();
        send("r2", allocation("60"), NOW.plusSeconds(1));

        List<SpanData> decisions = tracing.spans.getFinishedSpanItems();
        assertThat(decisions).hasSize(2).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("decide");
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN);
        });
        String allocation = decisions.get(1).getSpanId();
        String expected = "00-" + TRACE_ID + "-" + allocation + "-01";
        List<TestRecord<String, byte[]>> emitted = events.readRecordsToList();
        assertThat(traceparent(emitted.get(1))).isEqualTo(expected);
        List<TestRecord<String, byte[]>> answered = replies.readRecordsToList();
        assertThat(traceparent(answered.get(1))).isEqualTo(expected);
    }

    @Test
    void logsOneLinePerDecisionWithItsFactsAsKeyValues() {
        signIn();
        send("r2", allocation("60"), NOW.plusSeconds(1));
        send("r3", allocation("60"), NOW.plusSeconds(2));

        assertThat(decisionLines.list).hasSize(3);
        Map<String, Object> session = keyValues(decisionLines.list.get(0));
        assertThat(session)
                .containsEntry("command", "CreateSession")
                .containsEntry("sponsor", SPONSOR.lowercase())
                .containsEntry("outcome", "accepted")
                .containsEntry("reason", "none")
                .containsEntry("chain", 10L)
                .containsEntry("commandId", "r1")
                .containsKey("durationMs");
        Map<String, Object> accepted = keyValues(decisionLines.list.get(1));
        ReplyEnvelope signed =
                CODEC.decodeReply(replies.readRecordsToList().get(1).value());
        Reply.CompactSigned compact = (Reply.CompactSigned) signed.reply();
        assertThat(accepted)
                .containsEntry("command", "AllocateCompact")
                .containsEntry("outcome", "accepted")
                .containsEntry("reason", "none")
                .containsEntry("chain", 10L)
                .containsEntry("nonce", compact.nonce().toHex32())
                .containsEntry("claimHash", compact.claimHash().value())
                .containsKey("durationMs");
        // The signature may leave only with its committed event: never in the line.
        assertThat(decisionLines.list.get(1).getFormattedMessage() + accepted)
                .doesNotContain(compact.signature().toCompactHex().substring(2));
        Map<String, Object> refused = keyValues(decisionLines.list.get(2));
        assertThat(refused)
                .containsEntry("outcome", "rejected")
                .containsEntry("reason", "INSUFFICIENT_BALANCE")
                .doesNotContainKey("nonce");
        assertThat(decisionLines.list.get(2).getFormattedMessage())
                .isEqualTo("Decided AllocateCompact for " + SPONSOR.lowercase() + ": rejected (INSUFFICIENT_BALANCE)");
    }

    private static Map<String, Object> keyValues(ILoggingEvent line) {
        return line.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
    }

    private static String traceparent(TestRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(Topics.TRACEPARENT_HEADER).value(), StandardCharsets.UTF_8);
    }

    @Test
    void skipsAnUnreadableCommandAndKeepsProcessing() {
        commands.pipeInput(SPONSOR.lowercase(), "{not json".getBytes(StandardCharsets.UTF_8), NOW);
        signIn();

        assertThat(replies.readKeyValuesToList()).hasSize(1);
        assertThat(events.readRecordsToList()).hasSize(1);
    }

    @Test
    void refusesUndecidedACommandReadTooCloseToItsDeadlineAndDecidesTheNextOne() {
        signIn();
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
        signIn();

        TestRecord<String, byte[]> reply = replies.readRecord();
        assertThat(new String(
                        reply.headers().lastHeader(Topics.DECIDED_AT_HEADER).value(), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(PROCESSOR_CLOCK.millis()));
    }

    private void control(ControlEvent event) {
        control.pipeInput(ControlCodec.SIGNING_KEY, new ControlCodec().encode(event), event.at());
    }

    @Test
    void refusesCompactsWhilePausedKeepsSessionsGoingAndSignsAgainAfterResume() {
        control(new ControlEvent.SigningPaused(NOW, Actor.apiKey("k_ops"), "incident"));
        assertThat(signing.status().paused()).isTrue();

        signIn();
        send("paused", allocation("60"), NOW.plusSeconds(1));
        control(new ControlEvent.SigningResumed(NOW.plusSeconds(2), Actor.apiKey("k_ops"), null));
        send("resumed", allocation("60"), NOW.plusSeconds(3));

        List<TestRecord<String, byte[]>> answered = replies.readRecordsToList();
        assertThat(answered).extracting(TestRecord::key).containsExactly("r1", "paused", "resumed");
        assertThat(CODEC.decodeReply(answered.get(0).value()).reply()).isInstanceOf(Reply.SessionAccepted.class);
        assertThat(CODEC.decodeReply(answered.get(1).value()).reply())
                .isInstanceOfSatisfying(
                        Reply.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.SIGNING_PAUSED));
        assertThat(CODEC.decodeReply(answered.get(2).value()).reply()).isInstanceOf(Reply.CompactSigned.class);
        // The refused compact spent nothing: no event, and the next one takes the first nonce.
        List<EventEnvelope> emitted = events.readRecordsToList().stream()
                .map(r -> CODEC.decodeEvent(r.value()))
                .toList();
        assertThat(emitted).extracting(EventEnvelope::requestId).containsExactly("r1", "resumed");
        assertThat(signing.status().paused()).isFalse();
        assertThat(registry.get("allocator.signing.paused").gauge().value()).isZero();
    }

    @Test
    void refusesCompactsWhileTheLatestControlRecordIsUnreadable() {
        control.pipeInput(
                ControlCodec.SIGNING_KEY,
                "{\"type\":\"SigningThrottled\",\"version\":1}".getBytes(StandardCharsets.UTF_8),
                NOW);
        signIn();
        send("r2", allocation("60"), NOW.plusSeconds(1));

        List<TestRecord<String, byte[]>> answered = replies.readRecordsToList();
        assertThat(CODEC.decodeReply(answered.get(1).value()).reply())
                .isInstanceOfSatisfying(
                        Reply.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.SIGNING_PAUSED));
        assertThat(registry.get("allocator.signing.paused").gauge().value()).isEqualTo(1);
    }
}

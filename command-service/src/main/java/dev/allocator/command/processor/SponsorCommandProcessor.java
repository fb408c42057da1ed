package dev.allocator.command.processor;

import dev.allocator.command.signing.SigningView;
import dev.allocator.command.sponsor.DecisionLoop;
import dev.allocator.command.sponsor.ReplyCodec;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.command.sponsor.SponsorState;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.control.ControlCodec;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.Topics;
import dev.allocator.model.message.UnknownMessageException;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one sponsor's partition: runs each command through the {@link DecisionLoop}
 * (decide, sequence gap-free, apply) and forwards its events and reply. Events, state changelog,
 * reply and the input offset commit in one Kafka transaction (exactly_once_v2). The state changes
 * only by applying the events it emits, so it is a fold of {@code allocator.events}. A command
 * read too close to its deadline is refused before deciding ({@link DeadlinePolicy}). Whether signing
 * is paused comes from the global store of {@code allocator.control}, read for every command.
 */
final class SponsorCommandProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(SponsorCommandProcessor.class);
    static final String TOO_LATE = "The allocator was too busy to decide in time; nothing was allocated, retry";

    private final DecisionLoop loop;
    private final MessageCodec codec;
    private final ReplyCodec replyCodec;
    private final ProcessorMetrics metrics;
    private final DeadlinePolicy deadlines;
    private final KafkaTracing tracing;
    private ProcessorContext<String, byte[]> context;
    private StoreView store;
    private KeyValueStore<String, byte[]> control;
    private final SigningView.Cache signing = new SigningView.Cache();

    SponsorCommandProcessor(
            SponsorDecider decider,
            MessageCodec codec,
            ProcessorMetrics metrics,
            DeadlinePolicy deadlines,
            KafkaTracing tracing) {
        this.loop = new DecisionLoop(decider);
        this.codec = codec;
        this.replyCodec = new ReplyCodec(codec);
        this.metrics = metrics;
        this.deadlines = deadlines;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<String, String> kv = context.getStateStore(ProcessorTopology.STATE_STORE);
        this.store = new StoreView(kv);
        this.control = context.getStateStore(ProcessorTopology.CONTROL_STORE);
    }

    /**
     * Decides in a span whose parent is the context the HTTP tier put in the command's headers, so
     * the decision, its log line, its events and its reply belong to the request's trace.
     */
    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("commands");
        Span span = tracing.consumer("decide", topic, record.headers());
        try (Tracer.SpanInScope scope = tracing.scope(span)) {
            decide(record, span);
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void decide(Record<String, byte[]> record, Span span) {
        CommandEnvelope envelope;
        try {
            envelope = codec.decodeCommand(record.value());
        } catch (UnknownMessageException e) {
            // Only our HTTP tier writes this topic; an unreadable record has no one waiting for it.
            metrics.poisonCommand();
            log.error(
                    "Skipping unreadable command at offset {}: {}",
                    context.recordMetadata().map(m -> m.offset()).orElse(-1L),
                    e.getMessage());
            return;
        }
        Instant now = deadlines.clock().instant();
        if (deadlines.tooLate(envelope, now)) {
            // Refused before deciding: no event, no nonce, nothing the state or the log remembers.
            // Past the deadline itself nobody waits for an answer any more, so a backlog drains
            // without writing one.
            metrics.expired();
            if (now.isBefore(envelope.deadline())) {
                ReplyEnvelope refusal = new ReplyEnvelope(
                        envelope.requestId(), now, new Reply.Rejected(Rejection.DEADLINE_PASSED, TOO_LATE));
                reply(envelope, refusal, now.toEpochMilli(), span);
            }
            return;
        }
        long started = System.nanoTime();
        // Read per command: a pause applied to the global store before this point refuses it.
        SigningStatus signingStatus = signing.of(control.get(ControlCodec.SIGNING_KEY));
        DecisionLoop.Handled handled = loop.handle(envelope, new SponsorState(store, replyCodec), signingStatus);
        long at = handled.reply().occurredAt().toEpochMilli();
        for (EventEnvelope event : handled.events()) {
            context.forward(
                    new Record<>(event.key(), codec.encode(event), at, headers(span)), ProcessorTopology.EVENTS_SINK);
        }
        reply(envelope, handled.reply(), at, span);
        metrics.decided(handled.decision(), System.nanoTime() - started);
        DecisionLog.decided(envelope, handled.decision(), System.nanoTime() - started);
    }

    private void reply(CommandEnvelope command, ReplyEnvelope reply, long timestamp, Span span) {
        RecordHeaders headers = headers(span);
        headers.add(
                Topics.DECIDED_AT_HEADER,
                Long.toString(deadlines.clock().millis()).getBytes(StandardCharsets.US_ASCII));
        context.forward(
                new Record<>(command.requestId(), codec.encode(reply), timestamp, headers),
                ProcessorTopology.REPLIES_SINK);
    }

    /** The decision's trace context, which the projector and the waiting HTTP tier continue. */
    private RecordHeaders headers(Span span) {
        RecordHeaders headers = new RecordHeaders();
        tracing.inject(span.context(), headers);
        return headers;
    }
}

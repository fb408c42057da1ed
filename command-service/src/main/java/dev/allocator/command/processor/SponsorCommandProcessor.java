package dev.allocator.command.processor;

import dev.allocator.command.sponsor.Decision;
import dev.allocator.command.sponsor.ReplyCodec;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.command.sponsor.SponsorState;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.Topics;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one sponsor's partition: decides each command, appends its events with
 * gap-free sequence numbers, updates the state and answers. Events, state changelog, reply and the
 * input offset commit in one Kafka transaction (exactly_once_v2).
 */
final class SponsorCommandProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(SponsorCommandProcessor.class);

    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(1);
    private static final Duration SKEW_MARGIN = Duration.ofHours(1);

    private final SponsorDecider decider;
    private final MessageCodec codec;
    private final ReplyCodec replyCodec;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private StoreView store;

    SponsorCommandProcessor(SponsorDecider decider, MessageCodec codec, ProcessorMetrics metrics) {
        this.decider = decider;
        this.codec = codec;
        this.replyCodec = new ReplyCodec(codec);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<String, String> kv = context.getStateStore(ProcessorTopology.STATE_STORE);
        this.store = new StoreView(kv);
        context.schedule(HOUSEKEEPING_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::forgetExpired);
    }

    /** Wall-clock housekeeping, an hour behind, so no instance's clock skew can matter. */
    private void forgetExpired(long wallClockMillis) {
        int forgotten = new SponsorState(store, replyCodec)
                .forgetExpiredSessions(Instant.ofEpochMilli(wallClockMillis).minus(SKEW_MARGIN));
        if (forgotten > 0) {
            log.debug("Forgot {} expired sessions and sign-in nonces", forgotten);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
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
        long started = System.nanoTime();
        SponsorState state = new SponsorState(store, replyCodec);
        Decision decision = decider.decide(envelope, state);
        Address sponsor = envelope.sponsor();
        long sequence = state.lastSequence(sponsor);
        Header traceparent = record.headers().lastHeader(Topics.TRACEPARENT_HEADER);
        for (Event event : decision.events()) {
            sequence++;
            EventEnvelope out = new EventEnvelope(
                    eventId(sponsor, sequence), sponsor, sequence, decision.at(), envelope.requestId(), event);
            context.forward(
                    new Record<>(out.key(), codec.encode(out), decision.at().toEpochMilli(), headers(traceparent)),
                    ProcessorTopology.EVENTS_SINK);
            state.apply(event, sponsor, sequence, decision.at(), decision.fingerprint());
        }
        ReplyEnvelope reply = new ReplyEnvelope(envelope.requestId(), decision.at(), decision.reply());
        context.forward(
                new Record<>(
                        envelope.requestId(), codec.encode(reply), decision.at().toEpochMilli(), headers(traceparent)),
                ProcessorTopology.REPLIES_SINK);
        metrics.decided(decision, System.nanoTime() - started);
    }

    /** Deterministic, so a re-emitted event after a fenced retry carries the same id. */
    static UUID eventId(Address sponsor, long sequence) {
        return UUID.nameUUIDFromBytes((sponsor.lowercase() + "#" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static RecordHeaders headers(Header traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(traceparent);
        }
        return headers;
    }
}

package dev.allocator.projector.deadletter;

import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.projector.consumer.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic as {@code GET /admin/dead-letters} lists it: where it is,
 * where it came from, why it was parked, what event it holds (when it can be read), and its last
 * replay, if any.
 *
 * @param reason {@code unreadable} or {@code unstorable} (see the projector's planner)
 * @param eventType the event's type when the record reads, else null
 * @param error the exception message the projector parked it with
 * @param replay the last replay of this entry, or null when never replayed
 */
public record DeadLetter(
        String id,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        String reason,
        String eventType,
        String sponsor,
        Long sequence,
        String error,
        String parkedAt,
        Replay replay) {

    /** The last replay of an entry: when, by whom, into which generation, and how it ended. */
    public record Replay(String at, String outcome, String generation, String error, String actor, int attempts) {}

    /** The record as listed, without its replay; its value is decoded when the codec can. */
    static DeadLetter of(ConsumerRecord<byte[], byte[]> record, MessageCodec codec) {
        String type = null;
        String sponsor = null;
        Long sequence = null;
        EventEnvelope envelope = decode(record, codec);
        if (envelope != null) {
            type = envelope.event() instanceof dev.allocator.model.message.Event.UnknownEvent unknown
                    ? unknown.type()
                    : envelope.event().getClass().getSimpleName();
            sponsor = envelope.sponsor().lowercase();
            sequence = envelope.sequence();
        }
        String partition = header(record, DeadLetters.ORIGINAL_PARTITION);
        String offset = header(record, DeadLetters.ORIGINAL_OFFSET);
        return new DeadLetter(
                new DeadLetterId(record.partition(), record.offset()).toString(),
                header(record, DeadLetters.ORIGINAL_TOPIC),
                partition == null ? null : Integer.valueOf(partition),
                offset == null ? null : Long.valueOf(offset),
                header(record, DeadLetters.REASON),
                type,
                sponsor,
                sequence,
                header(record, DeadLetters.EXCEPTION_MESSAGE),
                Instant.ofEpochMilli(record.timestamp()).toString(),
                null);
    }

    DeadLetter withReplay(Replay replay) {
        return new DeadLetter(
                id,
                originalTopic,
                originalPartition,
                originalOffset,
                reason,
                eventType,
                sponsor,
                sequence,
                error,
                parkedAt,
                replay);
    }

    /** The event in the record, or null when the codec cannot read it (as when it was parked). */
    static EventEnvelope decode(ConsumerRecord<byte[], byte[]> record, MessageCodec codec) {
        if (record.value() == null) {
            return null;
        }
        try {
            return codec.decodeEvent(record.value());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

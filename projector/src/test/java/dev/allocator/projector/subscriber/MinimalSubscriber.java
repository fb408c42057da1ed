package dev.allocator.projector.subscriber;

import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.value.Address;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The minimal subscriber of {@code allocator.events} that docs/subscribers.md shows: kept as
 * compiled test code, exercised by {@link MinimalSubscriberIT}, so the example cannot rot. Only
 * kafka-clients and shared-model's {@link MessageCodec}; no Spring.
 *
 * <p>It reads committed records only, applies each sponsor's events in {@code sequence} order,
 * drops redeliveries, and stops a partition (never skips) at a sequence gap, an event type or
 * version this code does not know, or a record it cannot read.
 */
public final class MinimalSubscriber implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final MessageCodec codec = new MessageCodec();
    /** Last applied sequence per sponsor. A real subscriber stores it with its own effects, in one transaction. */
    private final Map<Address, Long> applied = new HashMap<>();
    /** Partitions stopped, and why: they stay paused until a release that understands them restarts. */
    private final Map<TopicPartition, String> stopped = new HashMap<>();

    public MinimalSubscriber(String bootstrapServers, String groupId, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // The processor writes in transactions; never read an aborted or unfinished one.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Commit only what was applied, after applying it: at least once, never at most once.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
    }

    /** Polls once, hands each new event to {@code handler} in order and commits what it applied. */
    public void poll(Duration timeout, Consumer<EventEnvelope> handler) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                String problem = apply(record, handler);
                if (problem != null) {
                    stop(partition, record.offset(), problem);
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
    }

    /** Applies one record; returns why the partition must stop, or null. */
    private String apply(ConsumerRecord<String, byte[]> record, Consumer<EventEnvelope> handler) {
        EventEnvelope envelope;
        try {
            envelope = codec.decodeEvent(record.value());
        } catch (UnknownMessageException e) {
            return "unreadable record: " + e.getMessage();
        }
        if (envelope.event() instanceof UnknownEvent unknown) {
            // Written by a newer release: skipping it would silently lose a fact. Upgrade, then resume.
            return "unknown event " + unknown.type() + " version " + unknown.schemaVersion();
        }
        long last = applied.getOrDefault(envelope.sponsor(), 0L);
        if (envelope.sequence() <= last) {
            return null; // a redelivery: already applied
        }
        if (envelope.sequence() != last + 1) {
            return "sequence gap for " + envelope.key() + ": expected " + (last + 1) + ", got " + envelope.sequence();
        }
        handler.accept(envelope);
        applied.put(envelope.sponsor(), envelope.sequence());
        return null;
    }

    private void stop(TopicPartition partition, long offset, String problem) {
        // Back to the record that stopped us, so a restart after the upgrade begins exactly there.
        consumer.seek(partition, offset);
        consumer.pause(List.of(partition));
        stopped.put(partition, problem + " at offset " + offset);
        System.getLogger(MinimalSubscriber.class.getName())
                .log(System.Logger.Level.ERROR, "Stopped {0}: {1}", partition, stopped.get(partition));
    }

    public Map<TopicPartition, String> stopped() {
        return Map.copyOf(stopped);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

package dev.allocator.projector.testing;

import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events the way the sponsor processor does: a transactional producer, the sponsor as the
 * key, the shared codec for the value. Thread-safe; one transaction at a time per log.
 */
public final class EventLog implements AutoCloseable {
    private final MessageCodec codec = new MessageCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EventLog(String topic) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-events-" + UUID.randomUUID());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(config);
        producer.initTransactions();
    }

    public String topic() {
        return topic;
    }

    /** Appends the events in one committed transaction; returns where the last one landed. */
    public synchronized RecordMetadata append(List<EventEnvelope> events) {
        return inTransaction(events, true);
    }

    public RecordMetadata append(EventEnvelope... events) {
        return append(List.of(events));
    }

    /** Appends the events in one committed transaction; returns where each landed. */
    public synchronized List<RecordMetadata> appendAll(List<EventEnvelope> events) {
        producer.beginTransaction();
        try {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
            for (EventEnvelope event : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, event.key(), codec.encode(event))));
            }
            producer.commitTransaction();
            List<RecordMetadata> metadata = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<RecordMetadata> one : sent) {
                metadata.add(one.get());
            }
            return metadata;
        } catch (Exception e) {
            producer.abortTransaction();
            throw new IllegalStateException(e);
        }
    }

    /** Writes the events in a transaction that is then aborted: a read_committed reader never sees them. */
    public synchronized void appendAborted(EventEnvelope... events) {
        inTransaction(List.of(events), false);
    }

    /** Appends raw bytes under a key in one committed transaction. */
    public synchronized RecordMetadata appendRaw(String key, byte[] value) {
        producer.beginTransaction();
        try {
            RecordMetadata metadata =
                    producer.send(new ProducerRecord<>(topic, key, value)).get();
            producer.commitTransaction();
            return metadata;
        } catch (Exception e) {
            producer.abortTransaction();
            throw new IllegalStateException(e);
        }
    }

    private RecordMetadata inTransaction(List<EventEnvelope> events, boolean commit) {
        producer.beginTransaction();
        try {
            RecordMetadata last = null;
            for (EventEnvelope event : events) {
                last = producer.send(new ProducerRecord<>(topic, event.key(), codec.encode(event)))
                        .get();
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
            return last;
        } catch (Exception e) {
            producer.abortTransaction();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The high watermark of every partition: everything written so far, commit and abort markers
     * included. Not the last stable offset: {@code commitTransaction()} returns before the markers
     * reach the partitions, so right after an append the LSO may still stop short of it.
     */
    public Map<Integer, Long> endOffsets() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            Map<Integer, Long> offsets = new HashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(10))
                    .forEach((partition, offset) -> offsets.put(partition.partition(), offset));
            return offsets;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package dev.allocator.projector.deadletter;

import dev.allocator.kafka.TopicPartitions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the dead-letter topic on demand: a page of records in (partition, offset) order after a
 * cursor, or the one record at an id. Each call uses its own short-lived consumer with no group
 * (assigned, never subscribed), so reading commits nothing and disturbs nobody. A page reads at
 * most {@code limit + 1} records beyond the cursor, however long the topic is.
 */
public final class DeadLetterTopic {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String topic;

    public DeadLetterTopic(Supplier<Consumer<byte[], byte[]>> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /**
     * Up to {@code limit + 1} records after {@code after} (all from the start when null), in
     * (partition, offset) order; the caller shows {@code limit} and knows whether more remain.
     */
    public List<ConsumerRecord<byte[], byte[]>> page(DeadLetterId after, int limit) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = new ArrayList<>(TopicPartitions.of(consumer, topic, METADATA_TIMEOUT));
            partitions.sort(Comparator.comparingInt(TopicPartition::partition));
            for (TopicPartition partition : partitions) {
                if (found.size() > limit) {
                    break;
                }
                if (after != null && partition.partition() < after.partition()) {
                    continue;
                }
                long from = after != null && partition.partition() == after.partition() ? after.offset() + 1 : -1;
                read(consumer, partition, from, limit + 1 - found.size(), found);
            }
        }
        return found;
    }

    /** The record at {@code id}, if the topic (still) holds it. */
    public Optional<ConsumerRecord<byte[], byte[]>> find(DeadLetterId id) {
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            TopicPartition partition = new TopicPartition(topic, id.partition());
            boolean exists =
                    TopicPartitions.of(consumer, topic, METADATA_TIMEOUT).contains(partition);
            if (!exists) {
                return Optional.empty();
            }
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            read(consumer, partition, id.offset(), 1, found);
            return found.stream()
                    .filter(record -> record.offset() == id.offset())
                    .findFirst();
        }
    }

    /**
     * Reads up to {@code wanted} records of one partition from {@code from} (its beginning when
     * negative) until its end as it is now.
     */
    private static void read(
            Consumer<byte[], byte[]> consumer,
            TopicPartition partition,
            long from,
            int wanted,
            List<ConsumerRecord<byte[], byte[]>> into) {
        consumer.assign(List.of(partition));
        Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition), METADATA_TIMEOUT);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(List.of(partition), METADATA_TIMEOUT);
        long end = ends.getOrDefault(partition, 0L);
        long start = Math.max(starts.getOrDefault(partition, 0L), from);
        if (start >= end) {
            return;
        }
        consumer.seek(partition, start);
        int taken = 0;
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        while (taken < wanted && consumer.position(partition) < end) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out reading " + partition + " up to offset " + end);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (taken < wanted && record.offset() < end) {
                    into.add(record);
                    taken++;
                }
            }
        }
    }
}

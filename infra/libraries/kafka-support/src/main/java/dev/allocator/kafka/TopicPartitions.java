package dev.allocator.kafka;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions of a topic, as every service that assigns itself a whole topic needs them: the
 * reply router, the projector and the read barrier. One place, so that they agree on order and on
 * what a missing topic means.
 */
public final class TopicPartitions {
    private TopicPartitions() {}

    /**
     * Every partition of {@code topic}, ordered by number; empty when the topic does not exist
     * (yet). Metadata is asked with {@code timeout}; a broker that does not answer throws.
     */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic, Duration timeout) {
        return sorted(topic, consumer.partitionsFor(topic, timeout));
    }

    /** Like {@link #of}, but a missing topic is an error. */
    public static List<TopicPartition> required(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<TopicPartition> partitions = of(consumer, topic, timeout);
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return partitions;
    }

    static List<TopicPartition> sorted(String topic, List<PartitionInfo> infos) {
        if (infos == null) {
            return List.of();
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }
}

package dev.allocator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicPartitionsTest {
    private static final Node[] NONE = new Node[0];

    @Test
    void listsEveryPartitionInOrderOfItsNumber() {
        List<PartitionInfo> infos = List.of(
                new PartitionInfo("t", 2, null, NONE, NONE),
                new PartitionInfo("t", 0, null, NONE, NONE),
                new PartitionInfo("t", 1, null, NONE, NONE));

        assertThat(TopicPartitions.sorted("t", infos))
                .containsExactly(new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 2));
    }

    @Test
    void aMissingTopicHasNoPartitionsAndIsAnErrorWhereOneIsRequired() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

        assertThat(TopicPartitions.of(consumer, "missing", Duration.ofMillis(10)))
                .isEmpty();
        assertThatThrownBy(() -> TopicPartitions.required(consumer, "missing", Duration.ofMillis(10)))
                .hasMessageContaining("missing");
    }
}

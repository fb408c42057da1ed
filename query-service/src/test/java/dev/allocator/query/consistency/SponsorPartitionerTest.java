package dev.allocator.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SponsorPartitionerTest {

    @Test
    void findsThePartitionTheProducersDefaultPartitionerWritesTo() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            Address sponsor = Address.ofBytes(bytes);
            int partitions = 1 + random.nextInt(64);

            assertThat(SponsorPartitioner.partition(sponsor, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(
                            sponsor.lowercase().getBytes(StandardCharsets.UTF_8), partitions));
        }
    }

    @Test
    void keysByTheLowercaseAddressWhateverItsInputCase() {
        Address checksummed = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        Address lower = Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

        assertThat(SponsorPartitioner.partition(checksummed, 12)).isEqualTo(SponsorPartitioner.partition(lower, 12));
    }
}

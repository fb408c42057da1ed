package dev.allocator.query.consistency;

import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of {@code allocator.events} that holds a sponsor's events: the producer's default
 * partitioner for a keyed record, murmur2 of the key (the lowercase sponsor address) modulo the
 * partition count.
 */
final class SponsorPartitioner {
    private SponsorPartitioner() {}

    static int partition(Address sponsor, int partitions) {
        byte[] key = sponsor.lowercase().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}

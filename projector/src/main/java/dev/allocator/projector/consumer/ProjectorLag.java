package dev.allocator.projector.consumer;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one generation's projector is behind {@code allocator.events}, per partition, from what
 * its consumer already knows: no request to the broker of its own.
 *
 * <ul>
 *   <li><b>Records</b>: the partition's end minus the applied position, in offsets (the events not
 *       yet applied and their transactions' commit markers). The end is the last stable
 *       offset of the consumer's latest fetch ({@link Consumer#currentLag} plus its position): for a
 *       {@code read_committed} reader that is the high watermark, except that records of a
 *       transaction still open are not counted, since nobody can read them yet. The applied
 *       position is the one committed to PostgreSQL with the rows.
 *   <li><b>Seconds</b>: 0 when the records lag is 0; otherwise how long ago the projector first saw
 *       the partition's end beyond its applied position, that is, how long the oldest event not yet
 *       applied has been waiting, to the precision of one poll. After a restart it counts from the
 *       first poll that saw the backlog, not from when the events were written.
 * </ul>
 *
 * <p>Only the projector thread calls {@link #observe}; the gauges read the volatile results.
 */
public final class ProjectorLag {
    /** Ends remembered per partition while behind; past it the newest is merged, which overstates. */
    static final int MAX_SAMPLES = 1_000;

    private final Map<Integer, PartitionLag> partitions = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public ProjectorLag() {
        this(System::currentTimeMillis);
    }

    ProjectorLag(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * After a poll and its commit (or its failure): the consumer's end of each partition against
     * the applied positions, which for a partition nothing was applied to yet is its beginning.
     */
    void observe(Consumer<?, ?> consumer, Map<Integer, Long> applied) {
        long now = clock.getAsLong();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty()) {
                continue;
            }
            Long position = applied.get(partition.partition());
            if (position == null) {
                // Nothing applied and the beginning unknown (retention moved it): no honest reading.
                continue;
            }
            observe(partition.partition(), consumer.position(partition) + lag.getAsLong(), position, now);
        }
    }

    void observe(int partition, long end, long applied, long now) {
        partitions.computeIfAbsent(partition, p -> new PartitionLag()).observe(end, applied, now);
    }

    /** Seconds behind, or NaN before the partition was first observed. */
    public double seconds(int partition) {
        PartitionLag lag = partitions.get(partition);
        return lag == null ? Double.NaN : lag.seconds(clock.getAsLong());
    }

    /** Records behind, or NaN before the partition was first observed. */
    public double records(int partition) {
        PartitionLag lag = partitions.get(partition);
        return lag == null ? Double.NaN : lag.records;
    }

    private static final class PartitionLag {
        /** (end, first seen at) pairs with ascending ends, each end beyond the applied position. */
        private final ArrayDeque<long[]> ends = new ArrayDeque<>();

        private volatile long records;
        /** When the oldest unapplied end was first seen, or -1 when caught up. */
        private volatile long behindSince = -1;

        void observe(long end, long applied, long now) {
            long[] newest = ends.peekLast();
            if (end > applied && (newest == null || end > newest[0])) {
                if (ends.size() < MAX_SAMPLES) {
                    ends.addLast(new long[] {end, now});
                } else {
                    newest[0] = end;
                }
            }
            while (!ends.isEmpty() && ends.peekFirst()[0] <= applied) {
                ends.removeFirst();
            }
            records = Math.max(0, end - applied);
            long[] oldest = ends.peekFirst();
            behindSince = records == 0 || oldest == null ? -1 : oldest[1];
        }

        double seconds(long now) {
            long since = behindSince;
            return since < 0 ? 0.0 : Math.max(0, now - since) / 1000.0;
        }
    }
}

package dev.allocator.projector.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the projector counts, tagged by the read-model generation it writes. */
public final class ProjectorMetrics {
    private final Counter applied;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter gaps;
    private final Counter unknownEvents;
    private final Counter failedBatches;
    private final Timer batches;
    private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();

    public ProjectorMetrics(MeterRegistry registry, String generation) {
        applied = counter(registry, "projector.events.applied", generation, "events applied to the read model");
        duplicates = counter(registry, "projector.events.duplicates", generation, "events skipped as duplicates");
        deadLettered = counter(
                registry, "projector.records.dead.lettered", generation, "unreadable records parked on the DLT");
        gaps = counter(registry, "projector.sequence.gaps", generation, "sequence gaps that stopped a partition");
        unknownEvents = counter(
                registry, "projector.events.unknown", generation, "events of an unknown type that stopped a partition");
        failedBatches = counter(registry, "projector.batches.failed", generation, "batches rolled back and retried");
        batches = Timer.builder("projector.batch")
                .tag("generation", generation)
                .description("time to apply one poll batch in one transaction")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        registry.gauge(
                "projector.partitions.stopped",
                io.micrometer.core.instrument.Tags.of("generation", generation),
                stopped,
                Set::size);
    }

    private static Counter counter(MeterRegistry registry, String name, String generation, String description) {
        return Counter.builder(name)
                .tag("generation", generation)
                .description(description)
                .register(registry);
    }

    void applied(int count) {
        applied.increment(count);
    }

    void duplicate() {
        duplicates.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void gap(int partition) {
        gaps.increment();
        stopped.add(partition);
    }

    void unknownEvent(int partition) {
        unknownEvents.increment();
        stopped.add(partition);
    }

    void batchFailed() {
        failedBatches.increment();
    }

    Timer batches() {
        return batches;
    }
}

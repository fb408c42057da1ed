package dev.allocator.projector.consumer;

import dev.allocator.projector.consumer.ProjectionPlanner.DeadLetterReason;
import dev.allocator.projector.consumer.ProjectionPlanner.StopReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** What the projector counts, tagged by the read-model generation it writes. */
public final class ProjectorMetrics {
    private final Counter applied;
    private final Counter duplicates;
    private final Counter unreadable;
    private final Map<DeadLetterReason, Counter> deadLettered = new EnumMap<>(DeadLetterReason.class);
    private final Counter gaps;
    private final Counter unknownEvents;
    private final Map<BatchFault, Counter> failedBatches = new EnumMap<>(BatchFault.class);
    private final Timer batches;
    private final MeterRegistry registry;
    private final String generation;
    private final List<Gauge> bound = new CopyOnWriteArrayList<>();
    private final java.util.function.Consumer<List<Integer>> onAssigned;

    public ProjectorMetrics(MeterRegistry registry, String generation) {
        this(registry, generation, partitions -> {});
    }

    /** @param onAssigned told the partitions once the projector is assigned them, for per-partition gauges */
    public ProjectorMetrics(
            MeterRegistry registry, String generation, java.util.function.Consumer<List<Integer>> onAssigned) {
        this.registry = registry;
        this.generation = generation;
        this.onAssigned = onAssigned;
        applied = counter(registry, "projector.events.applied", generation, "events applied to the read model");
        duplicates = counter(registry, "projector.events.duplicates", generation, "events skipped as duplicates");
        unreadable = counter(
                registry, "projector.records.dead.lettered", generation, "unreadable records parked on the DLT");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettered.put(
                    reason,
                    Counter.builder("allocator.dead.letters")
                            .tags("generation", generation, "reason", reason.tag())
                            .description("records parked on the DLT and passed: unreadable, or refused by the"
                                    + " read model on every attempt")
                            .register(registry));
        }
        gaps = counter(registry, "projector.sequence.gaps", generation, "sequence gaps that stopped a partition");
        unknownEvents = counter(
                registry, "projector.events.unknown", generation, "events of an unknown type that stopped a partition");
        for (BatchFault fault : BatchFault.values()) {
            failedBatches.put(
                    fault,
                    Counter.builder("projector.batches.failed")
                            .tags(
                                    "generation",
                                    generation,
                                    "fault",
                                    fault.name().toLowerCase(java.util.Locale.ROOT))
                            .description("batches rolled back and retried")
                            .register(registry));
        }
        batches = Timer.builder("projector.batch")
                .tag("generation", generation)
                .description("time to apply one poll batch in one transaction")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /**
     * Binds the gauges to one generation projector's live state. A gauge keeps the first object it
     * was registered with, so a projector started again for the same generation (a restart in the
     * same JVM) first removes the previous one's: the gauge always tells about the projector running.
     */
    void bind(Supplier<Number> stopped, Supplier<Number> retrying) {
        replace(Gauge.builder("projector.partitions.stopped", stopped)
                .description("partitions stopped by a gap or an unknown event"));
        replace(Gauge.builder("projector.retrying.seconds", retrying)
                .description("how long the projector has been retrying a failing batch; 0 when it is not"));
    }

    /**
     * Removes the gauges of a projector that was stopped on purpose (replaced by a rebuild, or a
     * rebuild abandoned), so that a generation nobody projects any more raises no alert.
     */
    void unbind() {
        bound.forEach(registry::remove);
        bound.clear();
    }

    private void replace(Gauge.Builder<Supplier<Number>> builder) {
        builder.tag("generation", generation).strongReference(true);
        registry.remove(builder.register(registry));
        bound.add(builder.register(registry));
    }

    private static Counter counter(MeterRegistry registry, String name, String generation, String description) {
        return Counter.builder(name)
                .tag("generation", generation)
                .description(description)
                .register(registry);
    }

    void assigned(List<Integer> partitions) {
        onAssigned.accept(partitions);
    }

    void applied(int count) {
        applied.increment(count);
    }

    void duplicate() {
        duplicates.increment();
    }

    void deadLettered(DeadLetterReason reason) {
        deadLettered.get(reason).increment();
        if (reason == DeadLetterReason.UNREADABLE) {
            unreadable.increment();
        }
    }

    void stopped(StopReason reason) {
        switch (reason) {
            case SEQUENCE_GAP -> gaps.increment();
            case UNKNOWN_EVENT_TYPE -> unknownEvents.increment();
        }
    }

    void batchFailed(BatchFault fault) {
        failedBatches.get(fault).increment();
    }

    Timer batches() {
        return batches;
    }
}

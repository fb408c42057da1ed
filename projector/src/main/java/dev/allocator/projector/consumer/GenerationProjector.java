package dev.allocator.projector.consumer;

import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.value.Address;
import dev.allocator.projector.projection.ProjectionState;
import dev.allocator.projector.projection.ReadModelBatch;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code allocator.events} to one generation of the read model.
 *
 * <p>A plain {@link Consumer} rather than a listener container, because the position of record
 * must live in PostgreSQL, committed with the rows: the consumer is assigned every partition
 * (no group, no Kafka offset commits), seeks to the positions stored in the generation's {@code
 * projection_positions} and applies each poll batch in one database transaction that also moves
 * those positions. A crash anywhere leaves either the whole batch with its positions or none of
 * it; the restart seeks to what was committed.
 *
 * <p>Per record, in log order:
 *
 * <ul>
 *   <li>unreadable (the codec refuses it): parked on the dead-letter topic and passed over. If it
 *       was a real event, the sponsor's next event shows a sequence gap and stops the partition,
 *       so nothing is lost silently;
 *   <li>sequence at or below the sponsor's projected one: a duplicate, skipped and counted;
 *   <li>sequence above projected + 1: a gap. The partition stops at that record (its position
 *       stays there, the consumer pauses it) with an ERROR log and a metric; other partitions go
 *       on. Never skipped;
 *   <li>an event type this projector does not know ({@link UnknownEvent}, a newer writer): stops
 *       the partition the same way, because skipping it would leave the read model silently wrong
 *       and parking it would turn into a gap. Deploying a projector that knows the type resumes
 *       from the stored position.
 * </ul>
 *
 * <p>A failing batch (database down, constraint violation, the test hook) is rolled back, the
 * consumer seeks back to the stored positions and retries with capped exponential back-off.
 */
public final class GenerationProjector {
    private static final Logger log = LoggerFactory.getLogger(GenerationProjector.class);
    private static final long ADVISORY_LOCK_BASE = 0x616c6c6f63L << 16;

    private final Generation generation;
    private final DSLContext dsl;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final DeadLetters deadLetters;
    private final MessageCodec codec;
    private final ProjectorMetrics metrics;
    private final ProjectorSettings settings;
    private final CommitHook hook;

    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private final Map<Integer, String> stopped = new ConcurrentHashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile List<Integer> partitions = List.of();
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    public GenerationProjector(
            Generation generation,
            DSLContext dsl,
            Supplier<Consumer<byte[], byte[]>> consumers,
            DeadLetters deadLetters,
            MessageCodec codec,
            ProjectorMetrics metrics,
            ProjectorSettings settings,
            CommitHook hook) {
        this.generation = generation;
        this.dsl = dsl;
        this.consumers = consumers;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.metrics = metrics;
        this.settings = settings;
        this.hook = hook;
    }

    public Generation generation() {
        return generation;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("a generation projector starts once");
        }
        running = true;
        thread = new Thread(this::run, "projector-" + generation.schema());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading; a batch in flight either commits or rolls back. */
    public synchronized void stop() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** The committed position (next offset) of each partition that has one. */
    public Map<Integer, Long> positions() {
        return Map.copyOf(committed);
    }

    /** The partitions of the topic, once the consumer has been assigned them. */
    public List<Integer> partitions() {
        return partitions;
    }

    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Partitions stopped by a gap or an unknown event, with the reason. */
    public Map<Integer, String> stoppedPartitions() {
        return Map.copyOf(stopped);
    }

    private void run() {
        try (Consumer<byte[], byte[]> owned = consumers.get()) {
            consumer = owned;
            List<TopicPartition> assignment = awaitPartitions(owned);
            if (assignment.isEmpty()) {
                return;
            }
            owned.assign(assignment);
            partitions = assignment.stream().map(TopicPartition::partition).toList();
            boolean rewind = true;
            long backoff = settings.initialBackoff().toMillis();
            while (running) {
                try {
                    if (rewind) {
                        rewind(owned, assignment);
                        rewind = false;
                        assigned.countDown();
                    }
                    ConsumerRecords<byte[], byte[]> records = owned.poll(settings.pollTimeout());
                    metrics.batches().record(() -> project(owned, records));
                    backoff = settings.initialBackoff().toMillis();
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    metrics.batchFailed();
                    log.error(
                            "Projector batch for {} failed and was rolled back; rewinding to the stored positions"
                                    + " and retrying in {} ms",
                            generation.schema(),
                            backoff,
                            e);
                    rewind = true;
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
                }
            }
        } catch (RuntimeException e) {
            log.error("Projector for {} stopped unexpectedly", generation.schema(), e);
        } finally {
            running = false;
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(Consumer<byte[], byte[]> owned) {
        while (running) {
            try {
                List<PartitionInfo> infos = owned.partitionsFor(settings.topic(), Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition()))
                            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                            .toList();
                }
                log.warn("Topic {} does not exist yet; waiting for it", settings.topic());
            } catch (WakeupException e) {
                return List.of();
            } catch (RuntimeException e) {
                log.warn("Cannot read the partitions of {}: {}", settings.topic(), e.toString());
            }
            sleep(1_000);
        }
        return List.of();
    }

    /** Seeks every partition to its stored position, or to the beginning without one. */
    private void rewind(Consumer<byte[], byte[]> owned, List<TopicPartition> assignment) {
        Map<Integer, Long> stored = ProjectionState.positions(dsl);
        committed.clear();
        committed.putAll(stored);
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : assignment) {
            Long position = stored.get(partition.partition());
            if (position == null) {
                fresh.add(partition);
            } else {
                owned.seek(partition, position);
            }
        }
        if (!fresh.isEmpty()) {
            owned.seekToBeginning(fresh);
        }
    }

    private void project(Consumer<byte[], byte[]> owned, ConsumerRecords<byte[], byte[]> records) {
        Map<Integer, Long> moved = new HashMap<>();
        for (TopicPartition partition : owned.assignment()) {
            if (owned.paused().contains(partition)) {
                continue;
            }
            long position = owned.position(partition);
            if (!Objects.equals(committed.get(partition.partition()), position)) {
                moved.put(partition.partition(), position);
            }
        }
        if (records.isEmpty() && moved.isEmpty()) {
            return;
        }
        List<Decoded> decoded = new ArrayList<>(records.count());
        Set<Address> sponsors = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Decoded one = decode(record);
            decoded.add(one);
            if (one.envelope() != null) {
                sponsors.add(one.envelope().sponsor());
            }
        }
        Map<Integer, Long> expected = Map.copyOf(committed);
        Map<Integer, String> stops = new HashMap<>();
        int[] applied = {0};
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            ProjectionState.Standing standing = fence(tx, expected, sponsors);
            Map<Address, Long> sequences = standing.sequences();
            Map<Address, Long> advanced = new HashMap<>();
            ReadModelBatch batch = new ReadModelBatch();
            for (Decoded one : decoded) {
                int partition = one.record().partition();
                if (stops.containsKey(partition)) {
                    continue;
                }
                if (one.envelope() == null) {
                    deadLetters.park(one.record(), one.error());
                    metrics.deadLettered();
                    log.warn(
                            "Parked unreadable record {}-{}@{} on the dead-letter topic: {}",
                            one.record().topic(),
                            partition,
                            one.record().offset(),
                            one.error().getMessage());
                    continue;
                }
                EventEnvelope envelope = one.envelope();
                long last = sequences.getOrDefault(envelope.sponsor(), 0L);
                if (envelope.sequence() <= last) {
                    metrics.duplicate();
                    log.info(
                            "Skipped duplicate event {} (sponsor {} sequence {}, projected {})",
                            envelope.eventId(),
                            envelope.sponsor().lowercase(),
                            envelope.sequence(),
                            last);
                    continue;
                }
                String reason = null;
                if (envelope.sequence() != last + 1) {
                    reason = "sequence gap for sponsor " + envelope.sponsor().lowercase() + ": expected " + (last + 1)
                            + ", got " + envelope.sequence();
                } else if (!ReadModelBatch.canApply(envelope.event())) {
                    reason = "unknown event type " + codec.typeName(envelope.event()) + " at sequence "
                            + envelope.sequence() + " of sponsor "
                            + envelope.sponsor().lowercase();
                }
                if (reason != null) {
                    stops.put(partition, reason + " (offset " + one.record().offset() + ")");
                    moved.put(partition, one.record().offset());
                    continue;
                }
                batch.on(envelope);
                sequences.put(envelope.sponsor(), envelope.sequence());
                advanced.put(envelope.sponsor(), envelope.sequence());
            }
            List<Query> writes = batch.statements(tx);
            Map<Integer, Long> changed = new HashMap<>(moved);
            changed.entrySet().removeIf(entry -> Objects.equals(expected.get(entry.getKey()), entry.getValue()));
            Query sequencesWrite = ProjectionState.writeSequences(tx, advanced);
            Query positionsWrite = ProjectionState.writePositions(tx, changed);
            if (sequencesWrite != null) {
                writes.add(sequencesWrite);
            }
            if (positionsWrite != null) {
                writes.add(positionsWrite);
            }
            // One JDBC batch: the driver pipelines every statement in one network round trip.
            if (writes.size() == 1) {
                writes.get(0).execute();
            } else if (!writes.isEmpty()) {
                tx.batch(writes).execute();
            }
            applied[0] = batch.events();
            hook.beforeCommit();
        });
        committed.putAll(moved);
        metrics.applied(applied[0]);
        stops.forEach((partition, reason) -> stopPartition(owned, partition, moved.get(partition), reason));
    }

    /**
     * Serializes batches of this generation across processes and checks that nobody else moved the
     * positions since this consumer read them; a second instance therefore rewinds instead of
     * applying anything twice.
     */
    private ProjectionState.Standing fence(DSLContext tx, Map<Integer, Long> expected, Set<Address> sponsors) {
        tx.select(DSL.field(
                        "pg_advisory_xact_lock({0})", Object.class, DSL.val(ADVISORY_LOCK_BASE + generation.number())))
                .fetch();
        ProjectionState.Standing standing = ProjectionState.standing(tx, sponsors);
        Map<Integer, Long> stored = standing.positions();
        if (!stored.equals(expected)) {
            throw new IllegalStateException(
                    "positions of " + generation.schema() + " moved under this projector: another instance is running");
        }
        return standing;
    }

    private void stopPartition(Consumer<byte[], byte[]> owned, int partition, long offset, String reason) {
        TopicPartition topicPartition = new TopicPartition(settings.topic(), partition);
        owned.seek(topicPartition, offset);
        owned.pause(List.of(topicPartition));
        stopped.put(partition, reason);
        if (reason.startsWith("sequence gap")) {
            metrics.gap(partition);
        } else {
            metrics.unknownEvent(partition);
        }
        log.error(
                "STOPPED partition {} of {} for read-model {} at offset {}: {}. The partition stays stopped until"
                        + " the cause is fixed and the projector restarts; nothing was skipped.",
                partition,
                settings.topic(),
                generation.schema(),
                offset,
                reason);
    }

    private Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return new Decoded(record, null, new UnknownMessageException("record has no value"));
        }
        try {
            return new Decoded(record, codec.decodeEvent(record.value()), null);
        } catch (UnknownMessageException e) {
            return new Decoded(record, null, e);
        } catch (RuntimeException e) {
            return new Decoded(record, null, new UnknownMessageException("cannot decode: " + e.getMessage(), e));
        }
    }

    /** Sleeps in short slices so that {@link #stop()} is never kept waiting by a back-off. */
    private void sleep(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        try {
            while (running && System.nanoTime() < end) {
                Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exposed for tests and the rebuild: all partitions at or past the given offsets. */
    public boolean reached(Map<Integer, Long> targets) {
        Map<Integer, Long> now = positions();
        for (Map.Entry<Integer, Long> target : targets.entrySet()) {
            if (target.getValue() > 0 && now.getOrDefault(target.getKey(), 0L) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private record Decoded(ConsumerRecord<byte[], byte[]> record, EventEnvelope envelope, Exception error) {}
}

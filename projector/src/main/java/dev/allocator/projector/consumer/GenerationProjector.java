package dev.allocator.projector.consumer;

import dev.allocator.kafka.KafkaTracing;
import dev.allocator.kafka.TopicPartitions;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.value.Address;
import dev.allocator.projector.ProjectorProperties;
import dev.allocator.projector.consumer.ProjectionPlanner.Candidate;
import dev.allocator.projector.consumer.ProjectionPlanner.DeadLetterReason;
import dev.allocator.projector.consumer.ProjectionPlanner.Plan;
import dev.allocator.projector.consumer.ProjectionPlanner.RecordId;
import dev.allocator.projector.consumer.ProjectionPlanner.Step;
import dev.allocator.projector.projection.ProjectionState;
import dev.allocator.projector.projection.ReadModelBatch;
import dev.allocator.readmodel.ProjectionPositions;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * <p>What happens to each record (apply, skip a duplicate, stop the partition at a gap or an
 * unknown event type, dead-letter an unreadable or unstorable record) is decided by the pure
 * {@link ProjectionPlanner}; this class reads the standing it needs inside the transaction and
 * carries the plan out.
 *
 * <p>A failing batch is rolled back, the consumer seeks back to the stored positions and retries
 * with capped exponential back-off. A transient fault (database or broker unavailable) is retried
 * forever; a data fault (an event the read model refuses) is isolated from the good events of its
 * batch and dead-lettered after a bounded number of attempts ({@link BatchFault}).
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
    private final ProjectorProperties properties;
    private final CommitHook hook;
    private final KafkaTracing tracing;

    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    /** Where partitions without a stored position begin; only the projector thread touches it. */
    private final Map<Integer, Long> beginnings = new HashMap<>();

    private final Map<Integer, String> stopped = new ConcurrentHashMap<>();
    private final Map<DeadLetterReason, AtomicLong> deadLettered = new EnumMap<>(DeadLetterReason.class);
    /** Data-fault attempts of isolated events; only the projector thread touches it. */
    private final Map<RecordId, Integer> dataFaults = new HashMap<>();
    /** Events that used up their attempts, dead-lettered by the transaction in flight. */
    private final Map<RecordId, Exception> condemned = new HashMap<>();

    private final ProjectorLag lag = new ProjectorLag();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile List<Integer> partitions = List.of();
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Failing failing;
    /** The thread ended without being asked to: nothing of this generation progresses. */
    private volatile boolean died;

    private Thread thread;

    public GenerationProjector(
            Generation generation,
            DSLContext dsl,
            Supplier<Consumer<byte[], byte[]>> consumers,
            DeadLetters deadLetters,
            MessageCodec codec,
            ProjectorMetrics metrics,
            ProjectorProperties properties,
            CommitHook hook,
            KafkaTracing tracing) {
        this.generation = generation;
        this.dsl = dsl;
        this.consumers = consumers;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.metrics = metrics;
        this.properties = properties;
        this.hook = hook;
        this.tracing = tracing;
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettered.put(reason, new AtomicLong());
        }
    }

    public Generation generation() {
        return generation;
    }

    /**
     * The transaction-scoped advisory lock that serializes writes to {@code generation}: every batch
     * takes it, and so does anything else that writes the generation's rows (a dead-letter replay).
     */
    public static long advisoryLockKey(Generation generation) {
        return ADVISORY_LOCK_BASE + generation.number();
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
        metrics.unbind();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** The committed position (next offset) of each partition that has one. */
    public Map<Integer, Long> positions() {
        return Map.copyOf(committed);
    }

    /** How far this generation is behind the log, per partition. */
    public ProjectorLag lag() {
        return lag;
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

    /** Records dead-lettered since this projector started, by reason ({@code unreadable}, {@code unstorable}). */
    public Map<String, Long> deadLettered() {
        Map<String, Long> counts = new TreeMap<>();
        deadLettered.forEach((reason, count) -> counts.put(reason.tag(), count.get()));
        return counts;
    }

    /** Since when batches keep failing and being retried, with the last failure; empty while they commit. */
    public Optional<Failing> failing() {
        return Optional.ofNullable(failing);
    }

    /**
     * The projector has been retrying since {@code since} (monotonic {@code sinceNanos}); {@code
     * fault} and {@code message} describe the last failure.
     */
    public record Failing(Instant since, long sinceNanos, String fault, String message, long attempts) {
        public Duration duration() {
            return Duration.ofNanos(System.nanoTime() - sinceNanos);
        }
    }

    private void run() {
        // A projector whose thread died has every partition stopped, whatever the map says.
        metrics.bind(() -> died ? Math.max(partitions.size(), stopped.size()) : stopped.size(), () -> {
            Failing now = failing;
            return now == null ? 0.0 : now.duration().toMillis() / 1000.0;
        });
        try (Consumer<byte[], byte[]> owned = consumers.get()) {
            consumer = owned;
            List<TopicPartition> assignment = awaitPartitions(owned);
            if (assignment.isEmpty()) {
                return;
            }
            owned.assign(assignment);
            partitions = assignment.stream().map(TopicPartition::partition).toList();
            metrics.assigned(partitions);
            boolean rewind = true;
            long backoff = properties.retryInitialBackoff().toMillis();
            while (running) {
                try {
                    if (rewind) {
                        rewind(owned, assignment);
                        rewind = false;
                        assigned.countDown();
                    }
                    ConsumerRecords<byte[], byte[]> records = owned.poll(properties.pollTimeout());
                    metrics.batches().record(() -> project(owned, records));
                    lag.observe(owned, applied());
                    backoff = properties.retryInitialBackoff().toMillis();
                    if (failing != null) {
                        log.info(
                                "Projector for {} recovered after {} failed attempts over {}",
                                generation.schema(),
                                failing.attempts(),
                                failing.duration());
                        failing = null;
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    BatchFault fault = BatchFault.of(e);
                    metrics.batchFailed(fault);
                    // Nothing was applied, but the poll may have seen the log grow: lag says so.
                    lag.observe(owned, applied());
                    Failing before = failing;
                    failing = new Failing(
                            before == null ? Instant.now() : before.since(),
                            before == null ? System.nanoTime() : before.sinceNanos(),
                            fault.name(),
                            e.toString(),
                            before == null ? 1 : before.attempts() + 1);
                    log.error(
                            "Projector batch for {} failed ({} fault) and was rolled back; rewinding to the stored"
                                    + " positions and retrying in {} ms",
                            generation.schema(),
                            fault,
                            backoff,
                            e);
                    rewind = true;
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, properties.retryMaxBackoff().toMillis());
                }
            }
        } catch (RuntimeException e) {
            died = running;
            log.error("Projector for {} stopped unexpectedly", generation.schema(), e);
        } finally {
            running = false;
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(Consumer<byte[], byte[]> owned) {
        while (running) {
            try {
                List<TopicPartition> found = TopicPartitions.of(owned, properties.topic(), Duration.ofSeconds(5));
                if (!found.isEmpty()) {
                    return found;
                }
                log.warn("Topic {} does not exist yet; waiting for it", properties.topic());
            } catch (WakeupException e) {
                return List.of();
            } catch (RuntimeException e) {
                log.warn("Cannot read the partitions of {}: {}", properties.topic(), e.toString());
            }
            sleep(1_000);
        }
        return List.of();
    }

    /**
     * Seeks every partition to its stored position, or to the beginning without one. A partition
     * without a stored position that begins at 0 is remembered, so that a poll that finds nothing
     * does not commit a batch only to store 0, which a missing position already means.
     */
    private void rewind(Consumer<byte[], byte[]> owned, List<TopicPartition> assignment) {
        Map<Integer, Long> stored = ProjectionPositions.read(dsl);
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
        beginnings.clear();
        if (!fresh.isEmpty()) {
            owned.seekToBeginning(fresh);
            for (TopicPartition partition : fresh) {
                // Readers take a missing position for 0; a later beginning (retention) is stored.
                if (owned.position(partition, Duration.ofSeconds(10)) == 0) {
                    beginnings.put(partition.partition(), 0L);
                }
            }
        }
    }

    private void project(Consumer<byte[], byte[]> owned, ConsumerRecords<byte[], byte[]> records) {
        Map<Integer, Long> moved = new HashMap<>();
        for (TopicPartition partition : owned.assignment()) {
            if (owned.paused().contains(partition)) {
                continue;
            }
            long position = owned.position(partition);
            Long known = committed.getOrDefault(partition.partition(), beginnings.get(partition.partition()));
            if (!Objects.equals(known, position)) {
                moved.put(partition.partition(), position);
            }
        }
        if (records.isEmpty() && moved.isEmpty()) {
            return;
        }
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
        List<Candidate> candidates = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            batch.add(record);
            candidates.add(decode(record));
        }
        applyIsolating(owned, batch, candidates, moved);
    }

    /**
     * Applies a batch in one transaction. When the database refuses it for a data fault, the batch
     * is split in halves, each applied on its own, down to the one event that fails; the good events
     * around it are applied. That event is retried (after back-off, from the stored positions) until
     * it has failed {@code dataFaultMaxAttempts} times, then dead-lettered and passed in a
     * transaction that also moves its sponsor's sequence. Splitting keeps log order: the first half
     * commits before the second is tried, and a failure leaves the rest for the retry.
     *
     * @param trailing consumer positions to store with the last part (offsets past transaction markers)
     */
    private void applyIsolating(
            Consumer<byte[], byte[]> owned,
            List<ConsumerRecord<byte[], byte[]>> records,
            List<Candidate> candidates,
            Map<Integer, Long> trailing) {
        int suspect = firstSuspect(candidates);
        if (candidates.size() > 1 && suspect >= 0) {
            // An event that failed before: apply what precedes it, then it alone, then the rest,
            // instead of failing the whole batch again and bisecting down to it each retry.
            int end = candidates.size();
            if (suspect > 0) {
                applyIsolating(owned, records.subList(0, suspect), candidates.subList(0, suspect), Map.of());
            }
            applyIsolating(
                    owned,
                    records.subList(suspect, suspect + 1),
                    candidates.subList(suspect, suspect + 1),
                    suspect + 1 == end ? trailing : Map.of());
            if (suspect + 1 < end) {
                applyIsolating(
                        owned, records.subList(suspect + 1, end), candidates.subList(suspect + 1, end), trailing);
            }
            return;
        }
        try {
            commit(owned, records, candidates, trailing);
        } catch (RuntimeException e) {
            if (!running || candidates.isEmpty() || BatchFault.of(e) != BatchFault.DATA) {
                throw e;
            }
            if (candidates.size() > 1) {
                int half = candidates.size() / 2;
                log.warn(
                        "Batch of {} records for {} refused by the database ({}); splitting it to isolate the"
                                + " event",
                        candidates.size(),
                        generation.schema(),
                        e.toString());
                applyIsolating(owned, records.subList(0, half), candidates.subList(0, half), Map.of());
                applyIsolating(
                        owned,
                        records.subList(half, records.size()),
                        candidates.subList(half, candidates.size()),
                        trailing);
                return;
            }
            RecordId id = candidates.get(0).id();
            int attempts = dataFaults.merge(id, 1, Integer::sum);
            if (attempts < properties.dataFaultMaxAttempts()) {
                log.warn(
                        "Event at {}-{}@{} refused by the read model {} (attempt {} of {}): {}",
                        properties.topic(),
                        id.partition(),
                        id.offset(),
                        generation.schema(),
                        attempts,
                        properties.dataFaultMaxAttempts(),
                        e.toString());
                throw e;
            }
            log.error(
                    "Event at {}-{}@{} refused by the read model {} on all {} attempts; dead-lettering it and"
                            + " passing on",
                    properties.topic(),
                    id.partition(),
                    id.offset(),
                    generation.schema(),
                    attempts,
                    e);
            condemned.put(id, e);
            try {
                commit(owned, records, candidates, trailing);
            } finally {
                condemned.remove(id);
            }
            dataFaults.remove(id);
        }
    }

    private int firstSuspect(List<Candidate> candidates) {
        if (dataFaults.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (dataFaults.containsKey(candidates.get(i).id())) {
                return i;
            }
        }
        return -1;
    }

    /** One database transaction: plan the records against the stored standing, write, commit. */
    private void commit(
            Consumer<byte[], byte[]> owned,
            List<ConsumerRecord<byte[], byte[]>> records,
            List<Candidate> candidates,
            Map<Integer, Long> trailing) {
        long began = System.currentTimeMillis();
        Set<Address> sponsors = new HashSet<>();
        for (Candidate candidate : candidates) {
            if (candidate.envelope() != null) {
                sponsors.add(candidate.envelope().sponsor());
            }
        }
        Map<Integer, Long> expected = Map.copyOf(committed);
        Map<Integer, Long> changed = new HashMap<>();
        Plan[] planned = {null};
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            ProjectionState.Standing standing = fence(tx, expected, sponsors);
            Plan plan = ProjectionPlanner.plan(
                    candidates, standing.sequences(), stopped.keySet(), condemned, ReadModelBatch::canApply);
            ReadModelBatch batch = new ReadModelBatch();
            for (int i = 0; i < candidates.size(); i++) {
                Step step = plan.steps().get(i);
                if (step instanceof Step.Apply apply) {
                    try {
                        batch.on(apply.envelope());
                    } catch (RuntimeException refused) {
                        throw new BatchFault.UnstorableEventException(
                                "cannot project event " + apply.envelope().eventId() + ": " + refused.getMessage(),
                                refused);
                    }
                } else if (step instanceof Step.DeadLetter dead) {
                    deadLetters.park(records.get(i), dead.cause(), dead.reason().tag());
                }
            }
            trailing.forEach((partition, position) -> {
                if (!stopped.containsKey(partition) && !plan.stops().containsKey(partition)) {
                    changed.put(partition, position);
                }
            });
            plan.positions().forEach((partition, position) -> {
                if (plan.stops().containsKey(partition) || !trailing.containsKey(partition)) {
                    changed.put(partition, position);
                }
            });
            changed.entrySet().removeIf(entry -> Objects.equals(expected.get(entry.getKey()), entry.getValue()));
            List<Query> writes = batch.statements(tx);
            Query sequencesWrite = ProjectionState.writeSequences(tx, plan.sequences());
            Query positionsWrite = ProjectionPositions.write(tx, changed);
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
            hook.beforeCommit();
            planned[0] = plan;
        });
        committed.putAll(changed);
        if (!dataFaults.isEmpty()) {
            dataFaults.keySet().removeIf(id -> committed.getOrDefault(id.partition(), 0L) > id.offset());
        }
        report(owned, records, planned[0], began);
    }

    /** Counts and logs what a committed plan did, and stops the partitions it stopped. */
    private void report(
            Consumer<byte[], byte[]> owned, List<ConsumerRecord<byte[], byte[]>> records, Plan plan, long began) {
        int applied = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            Step step = plan.steps().get(i);
            if (step instanceof Step.Apply apply) {
                applied++;
                projected(record, apply.envelope(), began);
            } else if (step instanceof Step.SkipDuplicate duplicate) {
                metrics.duplicate();
                log.info(
                        "Skipped duplicate record {}-{}@{} (projected sequence {})",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        duplicate.projected());
            } else if (step instanceof Step.DeadLetter dead) {
                metrics.deadLettered(dead.reason());
                deadLettered.get(dead.reason()).incrementAndGet();
                log.warn(
                        "Parked {} record {}-{}@{} on the dead-letter topic: {}",
                        dead.reason().tag(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        dead.cause().getMessage());
            }
        }
        metrics.applied(applied);
        plan.stops()
                .forEach((partition, stop) ->
                        stopPartition(owned, partition, plan.positions().get(partition), stop));
    }

    /**
     * One span and one line per event stored. The span's parent is the decision that wrote the event
     * (from its record headers), so the request's trace reaches the read model; it covers the batch
     * transaction that stored the event, from its start to its commit. Per event rather than one
     * batch span with links: each request's trace then shows its own write, and the line carries
     * that request's trace id. Spans are made after the commit, so a rolled-back attempt leaves none.
     */
    private void projected(ConsumerRecord<byte[], byte[]> record, EventEnvelope event, long began) {
        String type = event.event().getClass().getSimpleName();
        Span span = tracing.consumerBuilder("project " + type, record.topic(), record.headers())
                .startTimestamp(began, TimeUnit.MILLISECONDS)
                .tag("allocator.read_model", generation.schema())
                .tag("allocator.sponsor", event.sponsor().lowercase())
                .tag("allocator.sequence", Long.toString(event.sequence()))
                .start();
        try (Tracer.SpanInScope scope = tracing.scope(span)) {
            log.atInfo()
                    .addKeyValue("event", type)
                    .addKeyValue("sponsor", event.sponsor().lowercase())
                    .addKeyValue("sequence", event.sequence())
                    .addKeyValue("commandId", event.requestId())
                    .addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset())
                    .addKeyValue("readModel", generation.schema())
                    .log(
                            "Projected {} #{} of {} into {}",
                            type,
                            event.sequence(),
                            event.sponsor().lowercase(),
                            generation.schema());
        } finally {
            span.end();
        }
    }

    /**
     * Serializes batches of this generation across processes and checks that nobody else moved the
     * positions since this consumer read them; a second instance therefore rewinds instead of
     * applying anything twice.
     */
    private ProjectionState.Standing fence(DSLContext tx, Map<Integer, Long> expected, Set<Address> sponsors) {
        tx.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(advisoryLockKey(generation))))
                .fetch();
        ProjectionState.Standing standing = ProjectionState.standing(tx, sponsors);
        Map<Integer, Long> stored = standing.positions();
        if (!stored.equals(expected)) {
            throw new IllegalStateException(
                    "positions of " + generation.schema() + " moved under this projector: another instance is running");
        }
        return standing;
    }

    private void stopPartition(Consumer<byte[], byte[]> owned, int partition, long offset, Step.Stop stop) {
        TopicPartition topicPartition = new TopicPartition(properties.topic(), partition);
        owned.seek(topicPartition, offset);
        owned.pause(List.of(topicPartition));
        stopped.put(partition, stop.detail());
        metrics.stopped(stop.reason());
        log.error(
                "STOPPED partition {} of {} for read-model {} at offset {}: {}. The partition stays stopped until"
                        + " the cause is fixed and the projector restarts; nothing was skipped.",
                partition,
                properties.topic(),
                generation.schema(),
                offset,
                stop.detail());
    }

    private Candidate decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return Candidate.unreadable(
                    record.partition(), record.offset(), new UnknownMessageException("record has no value"));
        }
        try {
            return Candidate.readable(record.partition(), record.offset(), codec.decodeEvent(record.value()));
        } catch (UnknownMessageException e) {
            return Candidate.unreadable(record.partition(), record.offset(), e);
        } catch (RuntimeException e) {
            return Candidate.unreadable(
                    record.partition(),
                    record.offset(),
                    new UnknownMessageException("cannot decode: " + e.getMessage(), e));
        }
    }

    /** The applied position of each partition: the stored one, or the beginning before anything was stored. */
    private Map<Integer, Long> applied() {
        Map<Integer, Long> applied = new HashMap<>(beginnings);
        applied.putAll(committed);
        return applied;
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
}

package dev.allocator.projector.audit;

import dev.allocator.kafka.TopicPartitions;
import dev.allocator.model.audit.AuditCodec;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.message.UnsupportedMessageException;
import dev.allocator.projector.ProjectorProperties;
import dev.allocator.projector.consumer.DeadLetters;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * Applies {@code allocator.audit} to the {@code audit_log} table of one read-model generation.
 *
 * <p>A second consumer beside the events' {@code GenerationProjector}, not part of its loop: audit
 * records carry no sponsor sequence, need no planner, and must not wait behind (or stop with) a
 * partition of the events. It keeps the same guarantee: each poll batch is one database
 * transaction that inserts the rows and moves {@code audit_positions}, under an advisory lock of
 * its own with the same fencing (a second instance finds the positions moved and rewinds). A
 * record is inserted by its id with {@code on conflict do nothing}, so a replay never doubles it.
 * A record a newer release wrote (a newer schema version, an action this release does not know)
 * stops its partition there, never parked or skipped, until a release that reads it starts. An
 * unreadable record is parked on the dead-letter topic in the same batch and passed; a database
 * fault rolls the batch back and is retried with capped back-off, forever.
 *
 * <p>Every generation has one: a rebuild replays {@code allocator.audit} from offset 0 into the new
 * generation and switches only once both projections have caught up.
 */
public final class AuditProjector {
    private static final Logger log = LoggerFactory.getLogger(AuditProjector.class);
    /** "audit" in ASCII, apart from the events projector's lock keys. */
    private static final long ADVISORY_LOCK_BASE = 0x6175646974L << 16;

    private final Generation generation;
    private final DSLContext dsl;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String topic;
    private final DeadLetters deadLetters;
    private final ProjectorProperties properties;
    private final AuditCodec codec = new AuditCodec();
    private final Counter applied;
    private final Counter parked;

    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private final Map<Integer, String> stopped = new ConcurrentHashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile List<Integer> partitions = List.of();
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    public AuditProjector(
            Generation generation,
            DSLContext dsl,
            Supplier<Consumer<byte[], byte[]>> consumers,
            String topic,
            DeadLetters deadLetters,
            ProjectorProperties properties,
            MeterRegistry registry) {
        this.generation = generation;
        this.dsl = dsl;
        this.consumers = consumers;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.applied = Counter.builder("allocator.audit.projected")
                .description("Audit records stored in the read model")
                .tag("generation", generation.schema())
                .register(registry);
        this.parked = Counter.builder("allocator.dead.letters")
                .description("records parked on the DLT and passed: unreadable, or refused by the read model on"
                        + " every attempt")
                .tags("generation", generation.schema(), "reason", "unreadable")
                .register(registry);
        Gauge.builder("allocator.audit.partitions.stopped", stopped, Map::size)
                .description("partitions of the audit topic stopped at a record of a newer release")
                .tag("generation", generation.schema())
                .register(registry);
    }

    public Generation generation() {
        return generation;
    }

    public String topic() {
        return topic;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("an audit projector starts once");
        }
        running = true;
        thread = new Thread(this::run, "audit-projector-" + generation.schema());
        thread.setDaemon(true);
        thread.start();
    }

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

    public List<Integer> partitions() {
        return partitions;
    }

    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** All partitions at or past the given offsets. */
    public boolean reached(Map<Integer, Long> targets) {
        Map<Integer, Long> now = positions();
        for (Map.Entry<Integer, Long> target : targets.entrySet()) {
            if (target.getValue() > 0 && now.getOrDefault(target.getKey(), 0L) < target.getValue()) {
                return false;
            }
        }
        return true;
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
            long backoff = properties.retryInitialBackoff().toMillis();
            while (running) {
                try {
                    if (rewind) {
                        rewind(owned, assignment);
                        rewind = false;
                        assigned.countDown();
                    }
                    ConsumerRecords<byte[], byte[]> records = owned.poll(properties.pollTimeout());
                    if (!records.isEmpty()) {
                        commit(owned, records);
                    }
                    backoff = properties.retryInitialBackoff().toMillis();
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.error(
                            "Audit batch for {} failed and was rolled back; rewinding to the stored positions and"
                                    + " retrying in {} ms",
                            generation.schema(),
                            backoff,
                            e);
                    rewind = true;
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, properties.retryMaxBackoff().toMillis());
                }
            }
        } catch (RuntimeException e) {
            log.error("Audit projector for {} stopped unexpectedly", generation.schema(), e);
        } finally {
            running = false;
            consumer = null;
        }
    }

    /** The topic's partitions; waits (quietly after the first line) for the topic to be created. */
    private List<TopicPartition> awaitPartitions(Consumer<byte[], byte[]> owned) {
        boolean told = false;
        while (running) {
            try {
                List<TopicPartition> found = TopicPartitions.of(owned, topic, Duration.ofSeconds(5));
                if (!found.isEmpty()) {
                    return found;
                }
                if (!told) {
                    log.info("Topic {} does not exist yet; the audit projection waits for it", topic);
                    told = true;
                }
            } catch (WakeupException e) {
                return List.of();
            } catch (RuntimeException e) {
                log.warn("Cannot read the partitions of {}: {}", topic, e.toString());
            }
            sleep(1_000);
        }
        return List.of();
    }

    private void rewind(Consumer<byte[], byte[]> owned, List<TopicPartition> assignment) {
        Map<Integer, Long> stored = AuditProjection.positions(dsl);
        committed.clear();
        committed.putAll(stored);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : assignment) {
            Long position = stored.get(partition.partition());
            if (position == null) {
                fromStart.add(partition);
            } else {
                owned.seek(partition, position);
            }
        }
        if (!fromStart.isEmpty()) {
            owned.seekToBeginning(fromStart);
        }
    }

    private void commit(Consumer<byte[], byte[]> owned, ConsumerRecords<byte[], byte[]> records) {
        Map<Integer, Long> expected = Map.copyOf(committed);
        Map<Integer, Long> moved = new HashMap<>();
        Map<Integer, Halt> halted = new HashMap<>();
        int[] stored = {0};
        int[] deadLettered = {0};
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(DSL.field(
                            "pg_advisory_xact_lock({0})",
                            Object.class, DSL.val(ADVISORY_LOCK_BASE + generation.number())))
                    .fetch();
            if (!AuditProjection.positions(tx).equals(expected)) {
                throw new IllegalStateException("audit positions of " + generation.schema()
                        + " moved under this projector: another instance is running");
            }
            List<Query> writes = new ArrayList<>();
            halted.clear();
            moved.clear();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (halted.containsKey(record.partition())) {
                    continue; // behind a record this release cannot read: never past it
                }
                AuditRecord audit;
                try {
                    if (record.value() == null) {
                        throw new UnknownMessageException("record has no value");
                    }
                    audit = codec.decode(record.value());
                } catch (UnsupportedMessageException e) {
                    // Written by a newer release (a rollback, or this instance not upgraded yet).
                    // Parking it would lose an audit fact; stop the partition here instead.
                    halted.put(record.partition(), new Halt(record.offset(), e.getMessage()));
                    continue;
                } catch (UnknownMessageException e) {
                    moved.merge(record.partition(), record.offset() + 1, Math::max);
                    deadLetters.park(record, e, "unreadable");
                    deadLettered[0]++;
                    log.warn(
                            "Parked unreadable audit record {}-{}@{} on the dead-letter topic: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                    continue;
                }
                moved.merge(record.partition(), record.offset() + 1, Math::max);
                writes.add(AuditProjection.insert(tx, audit));
                stored[0]++;
            }
            writes.add(AuditProjection.writePositions(tx, moved));
            if (writes.size() == 1) {
                writes.get(0).execute();
            } else {
                tx.batch(writes).execute();
            }
        });
        committed.putAll(moved);
        applied.increment(stored[0]);
        parked.increment(deadLettered[0]);
        halted.forEach((partition, halt) -> stopPartition(owned, partition, halt));
    }

    /** Where a partition stopped and why. */
    private record Halt(long offset, String reason) {}

    private void stopPartition(Consumer<byte[], byte[]> owned, int partition, Halt halt) {
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        owned.seek(topicPartition, halt.offset());
        owned.pause(List.of(topicPartition));
        stopped.put(partition, halt.reason() + " (offset " + halt.offset() + ")");
        log.error(
                "STOPPED partition {} of {} for read-model {} at offset {}: {}. A newer release wrote it;"
                        + " the partition stays stopped until a release that reads it starts; nothing was"
                        + " skipped.",
                partition,
                topic,
                generation.schema(),
                halt.offset(),
                halt.reason());
    }

    /**
     * Partitions stopped at a record of a newer release, with the reason; they stay stopped until
     * the process restarts (on a release that reads them), and resume at that record.
     */
    public Map<Integer, String> stoppedPartitions() {
        return Map.copyOf(stopped);
    }

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
}

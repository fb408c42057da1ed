package dev.allocator.projector.rebuild;

import dev.allocator.projector.Projector;
import dev.allocator.projector.audit.AuditProjector;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.consumer.GenerationProjector;
import dev.allocator.projector.rebuild.RebuildStatus.State;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the read model from offset 0 without a pause in service:
 *
 * <ol>
 *   <li>creates the next generation's schema with the same migrations (dropping leftovers of a
 *       failed attempt and generations older than the serving one's predecessor);
 *   <li>starts a second projector on it, from offset 0, while the serving generation keeps
 *       serving and its projector keeps going;
 *   <li>takes the topic's end offsets (last stable offsets) and waits until the new generation has
 *       reached them; the same for {@code allocator.audit}, whose audit log is part of every
 *       generation and replayed from offset 0 by the generation's own audit projection;
 *   <li>switches the control row to the new generation in one transaction — readers see the old
 *       generation or the new one, never a mix — and stops the old projector. The old schema stays
 *       for inspection or rollback until the next rebuild.
 * </ol>
 *
 * A new generation whose partition stops (gap, unknown event) or that cannot catch up within the
 * configured time never goes live: the rebuild fails and the serving generation is untouched.
 */
public final class ReadModelRebuild {
    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    /** How long a rebuild waits for the audit topic's partitions before it switches without them. */
    private static final Duration AUDIT_ASSIGNMENT_WAIT = Duration.ofSeconds(10);

    private final Projector projector;
    private final Duration catchUpTimeout;
    private final Clock clock;
    private volatile RebuildStatus status = RebuildStatus.idle();
    private Thread worker;

    public ReadModelRebuild(Projector projector, Duration catchUpTimeout, Clock clock) {
        this.projector = projector;
        this.catchUpTimeout = catchUpTimeout;
        this.clock = clock;
    }

    public RebuildStatus status() {
        return status;
    }

    /** Starts a rebuild in the background unless one is running; returns the status. */
    public synchronized RebuildStatus start() {
        if (status.state() == State.CATCHING_UP) {
            return status;
        }
        Generation current = ReadModelSchemas.active(projector.control())
                .orElseThrow(() -> new IllegalStateException("no read-model generation is active yet"));
        Generation next = current.next();
        status = new RebuildStatus(
                State.CATCHING_UP,
                current.schema(),
                next.schema(),
                Map.of(),
                Map.of(),
                "preparing " + next.schema(),
                clock.instant(),
                null);
        worker = new Thread(() -> run(current, next), "read-model-rebuild");
        worker.setDaemon(true);
        worker.start();
        return status;
    }

    /** Runs a rebuild and waits for its end. */
    public RebuildStatus rebuildAndWait(Duration timeout) throws InterruptedException {
        start();
        Thread running;
        synchronized (this) {
            running = worker;
        }
        running.join(timeout.toMillis());
        return status;
    }

    private void run(Generation current, Generation next) {
        GenerationProjector fresh = null;
        AuditProjector freshAudit = null;
        try {
            if (current.number() > 1) {
                ReadModelSchemas.dropGeneration(
                        projector.control(), ReadModelSchemas.generationSchema(current.number() - 1));
            }
            ReadModelSchemas.dropGeneration(projector.control(), next.schema());
            ReadModelSchemas.migrateGeneration(projector.dataSource(), next.schema());
            fresh = projector.create(next, CommitHook.NONE);
            fresh.start();
            if (!fresh.awaitAssigned(catchUpTimeout)) {
                throw new IllegalStateException("the new generation's projector never got its partitions");
            }
            Map<Integer, Long> targets = endOffsets(projector.properties().topic(), fresh.partitions());
            // The audit log is part of the generation: replayed from offset 0 of its own topic.
            freshAudit = projector.createAudit(next).orElse(null);
            Map<Integer, Long> auditTargets = Map.of();
            if (freshAudit != null) {
                freshAudit.start();
                // No audit topic yet (no command service has started): nothing to replay, so the
                // switch does not wait for it; the generation's audit projection fills its table
                // from offset 0 once the topic appears.
                if (freshAudit.awaitAssigned(AUDIT_ASSIGNMENT_WAIT)) {
                    auditTargets = endOffsets(freshAudit.topic(), freshAudit.partitions());
                } else {
                    log.warn(
                            "The audit topic {} has no partitions yet; switching without waiting for the audit log",
                            freshAudit.topic());
                }
            }
            status = new RebuildStatus(
                    State.CATCHING_UP,
                    current.schema(),
                    next.schema(),
                    targets,
                    fresh.positions(),
                    "replaying from offset 0",
                    status.startedAt(),
                    null);
            log.info("Rebuilding the read model into {}; catching up to {}", next.schema(), targets);
            Instant deadline = clock.instant().plus(catchUpTimeout);
            while (!fresh.reached(targets) || (freshAudit != null && !freshAudit.reached(auditTargets))) {
                if (!fresh.stoppedPartitions().isEmpty()) {
                    throw new IllegalStateException("the new generation stopped: " + fresh.stoppedPartitions());
                }
                if (!fresh.isRunning()) {
                    throw new IllegalStateException("the new generation's projector died");
                }
                if (freshAudit != null && !freshAudit.isRunning()) {
                    throw new IllegalStateException("the new generation's audit projector died");
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("the new generation did not catch up within " + catchUpTimeout);
                }
                status = status.with(State.CATCHING_UP, fresh.positions(), "replaying from offset 0", null);
                Thread.sleep(20);
            }
            if (!ReadModelSchemas.switchActive(projector.control(), current, next)) {
                throw new IllegalStateException(current.schema() + " is no longer the serving generation");
            }
            projector.replaceLive(fresh, freshAudit);
            status = status.with(
                    State.SWITCHED,
                    fresh.positions(),
                    next.schema() + " serves; " + current.schema() + " is kept until the next rebuild",
                    clock.instant());
            log.info("Read model rebuilt: {} now serves instead of {}", next.schema(), current.schema());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (fresh != null) {
                fresh.stop();
            }
            if (freshAudit != null) {
                freshAudit.stop();
            }
            status = status.with(
                    State.FAILED, fresh == null ? Map.of() : fresh.positions(), e.getMessage(), clock.instant());
            log.error("Read-model rebuild into {} failed; {} keeps serving", next.schema(), current.schema(), e);
        }
    }

    private Map<Integer, Long> endOffsets(String topic, List<Integer> partitions) {
        try (Consumer<byte[], byte[]> consumer = projector.consumers().get()) {
            List<TopicPartition> topicPartitions = partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition))
                    .toList();
            Map<Integer, Long> targets = new HashMap<>();
            consumer.endOffsets(topicPartitions, Duration.ofSeconds(30))
                    .forEach((partition, offset) -> targets.put(partition.partition(), offset));
            return targets;
        }
    }
}

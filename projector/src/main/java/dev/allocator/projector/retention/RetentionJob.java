package dev.allocator.projector.retention;

import dev.allocator.kafka.audit.AuditLog;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.readmodel.ReadModelSchemas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link ReadModelPruner} on a schedule and reports each run: a log line, the metrics
 * {@code allocator_read_model_pruned_total}, {@code allocator_read_model_prune_runs_total} and
 * {@code allocator_read_model_prune_last_run_timestamp_seconds}, and a {@code READ_MODEL_PRUNED}
 * audit record for every run that pruned something or failed.
 */
public final class RetentionJob implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    /**
     * The actor of the job's audit records. The job acts for no client; like the command line's
     * {@code cli}, it is named in the {@code client-ip} kind, the one the audit schema has for
     * actors that hold no key and no session.
     */
    static final Actor ACTOR = Actor.clientIp("projector");

    static final String TABLE = "compacts";

    private final ReadModelPruner pruner;
    private final RetentionProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private final Counter pruned;
    private final Map<PruneRun.Outcome, Counter> runs = new EnumMap<>(PruneRun.Outcome.class);
    /** Epoch milliseconds of the last run that ended DONE; 0 before the first. */
    private final AtomicLong lastRun = new AtomicLong();

    private volatile ScheduledExecutorService scheduler;
    private volatile boolean running;

    public RetentionJob(
            ReadModelPruner pruner,
            RetentionProperties properties,
            AuditLog audit,
            MeterRegistry registry,
            Clock clock) {
        this.pruner = pruner;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
        this.pruned = Counter.builder("allocator.read.model.pruned")
                .description("Rows the retention job pruned from the serving read model (each moved to"
                        + " read_model_archive in the same transaction), by table")
                .tag("table", TABLE)
                .register(registry);
        for (PruneRun.Outcome outcome : PruneRun.Outcome.values()) {
            runs.put(
                    outcome,
                    Counter.builder("allocator.read.model.prune.runs")
                            .description("Runs of the read-model retention job: done, skipped (another instance"
                                    + " holds the lock) or failed")
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
        Gauge.builder(
                        "allocator.read.model.prune.last.run.timestamp.seconds",
                        lastRun,
                        last -> last.get() == 0 ? Double.NaN : last.get() / 1000.0)
                .description("Unix time at which the read-model retention job last finished a run without"
                        + " failing; NaN before the first")
                .register(registry);
    }

    /** One run, reported; what the schedule calls. */
    public PruneRun runOnce() {
        PruneRun run = pruner.run(() -> running || scheduler == null);
        runs.get(run.outcome()).increment();
        pruned.increment(run.pruned());
        switch (run.outcome()) {
            case DONE -> {
                lastRun.set(clock.millis());
                if (run.pruned() > 0) {
                    log.info(
                            "Read-model retention pruned {} compacts that expired before {} from {} ({} newly"
                                    + " archived) in {} ms",
                            run.pruned(),
                            run.cutoff(),
                            run.generation(),
                            run.archived(),
                            run.took().toMillis());
                    audit.record(record(run, AuditOutcome.SUCCESS, null));
                } else {
                    log.debug("Read-model retention: nothing expired before {}", run.cutoff());
                }
            }
            case FAILED -> audit.record(record(run, AuditOutcome.FAILED, "PRUNE_FAILED"));
            case SKIPPED -> {}
        }
        return run;
    }

    private AuditRecord record(PruneRun run, AuditOutcome outcome, String reason) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("table", TABLE);
        details.put("rows", Long.toString(run.pruned()));
        details.put("archived", Long.toString(run.archived()));
        details.put("cutoff", run.cutoff().toString());
        if (run.generation() != null) {
            details.put("generation", run.generation());
        }
        details.put("archive", ReadModelSchemas.ARCHIVE + "." + TABLE);
        return new AuditRecord(
                UUID.randomUUID(),
                clock.instant(),
                AuditAction.READ_MODEL_PRUNED,
                ACTOR,
                outcome,
                reason,
                null,
                details);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (!properties.enabled()) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "read-model-retention");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                this::scheduled,
                properties.initialDelay().toMillis(),
                properties.interval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    private void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // A run reports its own failures; this keeps the schedule alive whatever else happens.
            log.error("Read-model retention run failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        ScheduledExecutorService executor = scheduler;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

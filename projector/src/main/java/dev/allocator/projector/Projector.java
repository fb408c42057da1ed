package dev.allocator.projector;

import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.projector.audit.AuditProjector;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.consumer.DeadLetters;
import dev.allocator.projector.consumer.GenerationProjector;
import dev.allocator.projector.consumer.ProjectorLag;
import dev.allocator.projector.consumer.ProjectorMetrics;
import dev.allocator.readmodel.QueryTimings;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.jooq.DSLContext;

/**
 * Owns the live generation projector and makes new ones: the live one on start, fresh ones for a
 * rebuild. Swapping the live projector is the last step of a rebuild.
 */
public final class Projector {
    private final DataSource dataSource;
    private final DSLContext control;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final DeadLetters deadLetters;
    private final MessageCodec codec;
    private final MeterRegistry registry;
    private final QueryTimings queryTimings;
    private final ProjectorProperties properties;
    private final CommitHook hook;
    private final KafkaTracing tracing;
    /** The audit topic this projector keeps {@code audit_log} of; null when it keeps none. */
    private final String auditTopic;

    private volatile GenerationProjector live;
    private volatile AuditProjector liveAudit;

    public Projector(
            DataSource dataSource,
            Supplier<Consumer<byte[], byte[]>> consumers,
            DeadLetters deadLetters,
            MessageCodec codec,
            MeterRegistry registry,
            ProjectorProperties properties,
            CommitHook hook,
            KafkaTracing tracing) {
        this(dataSource, consumers, deadLetters, codec, registry, properties, hook, tracing, null);
    }

    /** A projector that also keeps the audit log of {@code auditTopic} (when not null). */
    public Projector(
            DataSource dataSource,
            Supplier<Consumer<byte[], byte[]>> consumers,
            DeadLetters deadLetters,
            MessageCodec codec,
            MeterRegistry registry,
            ProjectorProperties properties,
            CommitHook hook,
            KafkaTracing tracing,
            String auditTopic) {
        this.auditTopic = auditTopic;
        this.dataSource = dataSource;
        this.queryTimings = new QueryTimings(registry);
        this.control = ReadModelSchemas.control(dataSource, queryTimings);
        this.consumers = consumers;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.registry = registry;
        this.properties = properties;
        this.hook = hook;
        this.tracing = tracing;
    }

    /** Activates the first generation if none is, migrates the active one and starts projecting it. */
    public synchronized void start() {
        if (live != null) {
            return;
        }
        ReadModelSchemas.migrateControl(dataSource);
        Generation active = ReadModelSchemas.activateFirst(control);
        ReadModelSchemas.migrateGeneration(dataSource, active.schema());
        live = create(active, hook);
        live.start();
        liveAudit = createAudit(active).orElse(null);
        if (liveAudit != null) {
            liveAudit.start();
        }
    }

    public synchronized void stop() {
        if (live != null) {
            live.stop();
            live = null;
        }
        if (liveAudit != null) {
            liveAudit.stop();
            liveAudit = null;
        }
    }

    /** The audit projection of the serving generation, if this projector keeps one. */
    public Optional<AuditProjector> liveAudit() {
        return Optional.ofNullable(liveAudit);
    }

    /**
     * An audit projection for another generation, not started, reading from that generation's
     * {@code audit_positions}; empty when this projector keeps no audit log.
     */
    public Optional<AuditProjector> createAudit(Generation generation) {
        if (auditTopic == null) {
            return Optional.empty();
        }
        return Optional.of(new AuditProjector(
                generation,
                ReadModelSchemas.dsl(dataSource, generation.schema(), queryTimings),
                consumers,
                auditTopic,
                deadLetters,
                properties,
                registry));
    }

    public GenerationProjector live() {
        return live;
    }

    public DSLContext control() {
        return control;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Supplier<Consumer<byte[], byte[]>> consumers() {
        return consumers;
    }

    public ProjectorProperties properties() {
        return properties;
    }

    /** A projector for another generation, not started, reading from that generation's positions. */
    public GenerationProjector create(Generation generation, CommitHook commitHook) {
        return new GenerationProjector(
                generation,
                ReadModelSchemas.dsl(dataSource, generation.schema(), queryTimings),
                consumers,
                deadLetters,
                codec,
                new ProjectorMetrics(registry, generation.schema(), this::registerLag),
                properties,
                commitHook,
                tracing);
    }

    /**
     * Makes {@code next} the live projector once the control row says it serves, stopping the
     * previous one.
     */
    public synchronized void replaceLive(GenerationProjector next) {
        GenerationProjector previous = live;
        live = next;
        if (previous != null && previous != next) {
            previous.stop();
        }
    }

    /** Like {@link #replaceLive(GenerationProjector)}, with the new generation's audit projection. */
    public synchronized void replaceLive(GenerationProjector next, AuditProjector nextAudit) {
        replaceLive(next);
        AuditProjector previous = liveAudit;
        liveAudit = nextAudit;
        if (previous != null && previous != nextAudit) {
            previous.stop();
        }
    }

    /**
     * {@code allocator_projector_lag_seconds} and {@code allocator_projector_lag_records} per
     * partition, always of the live generation (a rebuild's generation, catching up from offset 0,
     * is not what serves), NaN while none is. Registering twice is harmless.
     */
    private void registerLag(List<Integer> partitions) {
        for (int partition : partitions) {
            String tag = Integer.toString(partition);
            Gauge.builder("allocator.projector.lag.seconds", this, p -> p.lag(l -> l.seconds(partition)))
                    .description("Seconds the oldest event not yet applied to the read model has waited; 0 when"
                            + " caught up (see docs/metrics.md)")
                    .tag("partition", tag)
                    .register(registry);
            Gauge.builder("allocator.projector.lag.records", this, p -> p.lag(l -> l.records(partition)))
                    .description("Offsets of the partition not yet applied to the read model (events and their"
                            + " transaction markers): its last stable offset minus the applied position")
                    .tag("partition", tag)
                    .register(registry);
        }
    }

    private double lag(ToDoubleFunction<ProjectorLag> reading) {
        GenerationProjector current = live;
        return current == null ? Double.NaN : reading.applyAsDouble(current.lag());
    }

    public Map<Integer, Long> livePositions() {
        GenerationProjector current = live;
        return current == null ? Map.of() : current.positions();
    }
}

package dev.allocator.query.consistency;

import dev.allocator.kafka.TopicPartitions;
import dev.allocator.readmodel.ProjectionPositions;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code readModel} component of the query service's {@code /actuator/health}: DOWN when the
 * projector's stored positions have lagged the log's high watermark for longer than {@code
 * allocator.consistency.lag-unhealthy-after}, or when the lag cannot be measured for that long.
 * That is exactly when reads of the lagging partitions answer 503 {@code READ_MODEL_BEHIND}, so the
 * service never calls itself healthy while its reads cannot be served. The query service sees this
 * from its own side (the positions table and the broker), whether or not the projector runs.
 *
 * <p>A background thread samples every {@code lag-check-interval}: one ListOffsets request for the
 * event topic, one for the dead-letter topic and one query of the positions. It also publishes
 * {@code query.read.model.lag.offsets} and {@code query.read.model.behind.seconds}, which the
 * projector-lag alert reads.
 *
 * <p>Details: the lag per partition ({@code lagOffsets}), for how long ({@code behindSince}, {@code
 * behindSeconds}), whether the last positions query reached the database ({@code database}), and
 * the records on the dead-letter topic ({@code deadLetters}: events missing from the read model
 * until an operator replays them; they do not change the status, the projector's DEGRADED and the
 * dead-letter alert report them).
 */
public final class ReadModelHealthIndicator implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(ReadModelHealthIndicator.class);

    private final DataSource dataSource;
    private final DSLContext control;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final ConsistencyProperties properties;
    private final Clock clock;
    private final ReadModelLag lag = new ReadModelLag();
    private final Map<String, DSLContext> contexts = new HashMap<>();
    private volatile Instant lastSample;
    private volatile String lastError;
    private volatile String generation;
    private volatile String databaseStatus = "UNKNOWN";
    private volatile long deadLetters = -1;
    private final Instant started;
    private final BackgroundLoop loop = new BackgroundLoop("read-model-lag", this::run);

    public ReadModelHealthIndicator(
            DataSource dataSource,
            Supplier<Consumer<byte[], byte[]>> consumers,
            ConsistencyProperties properties,
            MeterRegistry registry,
            Clock clock) {
        this.dataSource = dataSource;
        this.control = ReadModelSchemas.control(dataSource);
        this.consumers = consumers;
        this.properties = properties;
        this.clock = clock;
        this.started = clock.instant();
        Gauge.builder(
                        "query.read.model.lag.offsets",
                        lag,
                        l -> l.records().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .description("offsets of allocator.events (events and transaction markers) not yet projected")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "query.read.model.behind.seconds",
                        lag,
                        l -> l.behindFor(clock.instant()).toMillis() / 1000.0)
                .description("how long the read model has lagged the log's end; 0 when caught up")
                .strongReference(true)
                .register(registry);
        Gauge.builder("query.read.model.dead.letters", this, indicator -> {
                    long parked = indicator.deadLetters;
                    return parked >= 0 ? parked : Double.NaN;
                })
                .description(
                        "records kept on the dead-letter topic (events missing from the read model until replayed)")
                .register(registry);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    /**
     * The last reading, for {@code GET /admin/stats}: the generation, the lag per partition and
     * for how long, the records on the dead-letter topic (null before the first reading).
     */
    public LagReading reading() {
        Instant sampled = lastSample;
        return new LagReading(
                generation,
                lag.records(),
                lag.behindFor(clock.instant()).toMillis() / 1000.0,
                sampled,
                deadLetters >= 0 ? deadLetters : null,
                lastError);
    }

    /** One reading of the projector's lag as this service measures it. */
    public record LagReading(
            String generation,
            Map<Integer, Long> lagOffsets,
            double behindSeconds,
            Instant measuredAt,
            Long deadLetters,
            String lastError) {}

    @Override
    public Health health() {
        Instant now = clock.instant();
        Duration threshold = properties.lagUnhealthyAfter();
        Instant sampled = lastSample;
        Duration behind = lag.behindFor(now);
        Health.Builder health;
        if (sampled == null || Duration.between(sampled, now).compareTo(threshold) > 0) {
            Instant since = sampled == null ? started : sampled;
            health = Duration.between(since, now).compareTo(threshold) > 0
                    ? Health.down().withDetail("reason", "cannot measure the projector's lag")
                    : Health.unknown().withDetail("reason", "not measured yet");
        } else if (behind.compareTo(threshold) > 0) {
            health = Health.down().withDetail("reason", "the projector has lagged the log for " + behind);
        } else {
            health = Health.up();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (generation != null) {
            details.put("generation", generation);
        }
        details.put("lagOffsets", lag.records());
        lag.behindSince().ifPresent(since -> details.put("behindSince", since.toString()));
        details.put("behindSeconds", behind.toMillis() / 1000.0);
        details.put("database", databaseStatus);
        if (deadLetters >= 0) {
            details.put("deadLetters", deadLetters);
        }
        if (sampled != null) {
            details.put("measuredAt", sampled.toString());
        }
        if (lastError != null) {
            details.put("lastError", lastError);
        }
        return health.withDetails(details).build();
    }

    private void run() {
        Consumer<byte[], byte[]> consumer = null;
        List<TopicPartition> partitions = List.of();
        while (loop.running()) {
            boolean queryingDatabase = false;
            try {
                if (consumer == null) {
                    consumer = consumers.get();
                    partitions = TopicPartitions.required(consumer, properties.topic(), Duration.ofSeconds(5));
                    // Assigned (never polled), as the read barrier's: the client warns on every
                    // fetch of end offsets for partitions it does not own, a dozen lines a round.
                    consumer.assign(partitions);
                }
                Instant at = clock.instant();
                Map<Integer, Long> ends = new HashMap<>();
                consumer.endOffsets(partitions, Duration.ofSeconds(5))
                        .forEach((partition, end) -> ends.put(partition.partition(), end));
                deadLetters = recordsOn(consumer, properties.deadLetterTopic());
                queryingDatabase = true;
                Generation active = ReadModelSchemas.active(control).orElse(null);
                Map<Integer, Long> positions = Map.of();
                if (active != null) {
                    generation = active.schema();
                    positions = ProjectionPositions.read(
                            contexts.computeIfAbsent(active.schema(), name -> ReadModelSchemas.dsl(dataSource, name)));
                }
                databaseStatus = "UP";
                lag.observe(at, ends, positions);
                lastSample = at;
                lastError = null;
            } catch (RuntimeException e) {
                if (queryingDatabase) {
                    databaseStatus = "DOWN";
                }
                lastError = e.toString();
                log.warn("Cannot measure the read model's lag: {}", e.toString());
                if (consumer != null) {
                    try {
                        consumer.close(Duration.ofSeconds(1));
                    } catch (RuntimeException closing) {
                        log.debug("closing the lag consumer failed", closing);
                    }
                    consumer = null;
                }
            }
            try {
                Thread.sleep(properties.lagCheckInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /**
     * Records kept on {@code topic} (end minus start offsets), 0 when it does not exist yet. Its
     * partitions join the consumer's assignment, for the same reason as the events' above.
     */
    private static long recordsOn(Consumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = TopicPartitions.of(consumer, topic, Duration.ofSeconds(5));
        if (partitions.isEmpty()) {
            return 0;
        }
        if (!consumer.assignment().containsAll(partitions)) {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            assignment.addAll(partitions);
            consumer.assign(assignment);
        }
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(5));
        long records = 0;
        for (Map.Entry<TopicPartition, Long> end :
                consumer.endOffsets(partitions, Duration.ofSeconds(5)).entrySet()) {
            records += end.getValue() - starts.getOrDefault(end.getKey(), 0L);
        }
        return records;
    }
}

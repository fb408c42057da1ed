package dev.allocator.query.consistency;

import dev.allocator.kafka.TopicPartitions;
import dev.allocator.model.value.Address;
import dev.allocator.readmodel.ProjectionPositions;
import dev.allocator.readmodel.QueryTimings;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes without a client header: a read for sponsor S waits until the projector has
 * applied everything written to S's partition of {@code allocator.events} before the read
 * arrived, then reads the generation that holds it.
 *
 * <p>The target is the partition's <em>high watermark</em> fetched after the read arrived, not its
 * last stable offset (LSO). A producer's {@code commitTransaction()} returns once the coordinator
 * has decided the commit; the commit markers reach the data partitions a moment later. In that
 * window the LSO still stops before the write the client has just seen acknowledged, so waiting
 * for the LSO would let a stale read through (the tests caught exactly that). Every acknowledged
 * write lies below the high watermark, and the projector's read_committed position passes an offset
 * only once its transaction is resolved, so "position ≥ high watermark at arrival" implies the
 * write is applied. The price: a read also waits for other producers' transactions that were open
 * on the same partition when it arrived — normally a few milliseconds (the sponsor processor
 * commits every few ms), at worst the bounded wait below.
 *
 * <p>One background thread serves every waiting read: each round it asks the broker for the end
 * offsets of all partitions once (one ListOffsets request, whatever the number of readers) and
 * reads all positions from PostgreSQL once (skipped when the last reading already covers every
 * target: positions only grow), then releases every read whose target is met. The
 * wait is bounded; a read that is not released in time fails with {@link ReadModelBehindException}
 * (503 with Retry-After) rather than returning stale data.
 */
public final class ReadBarrier {
    private static final Logger log = LoggerFactory.getLogger(ReadBarrier.class);

    /**
     * How long a reading of the active generation and its positions may be reused. Bounded so that
     * a switched-away generation (dropped by the rebuild after the next) is never handed out late.
     */
    private static final long KNOWN_POSITIONS_TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final DataSource dataSource;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final ConsistencyProperties properties;
    private final LinkedBlockingQueue<Waiter> arrivals = new LinkedBlockingQueue<>();
    private final Map<String, DSLContext> contexts = new ConcurrentHashMap<>();
    private final DSLContext control;
    private final Timer waits;
    private final Counter timeouts;
    private final QueryTimings queryTimings;
    private volatile int partitionCount;
    private final BackgroundLoop loop = new BackgroundLoop("read-barrier", this::run);

    public ReadBarrier(
            DataSource dataSource,
            Supplier<Consumer<byte[], byte[]>> consumers,
            ConsistencyProperties properties,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.consumers = consumers;
        this.properties = properties;
        this.queryTimings = new QueryTimings(registry);
        this.control = ReadModelSchemas.control(dataSource, queryTimings);
        this.waits = Timer.builder("query.consistency.wait")
                .description("time a read waited for the projector to reach its partition end")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.timeouts = Counter.builder("query.consistency.timeouts")
                .description("reads answered 503 because the projector was behind")
                .register(registry);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    /**
     * Waits until everything committed for the sponsor before this call is in the read model.
     *
     * @return where to read it
     * @throws ReadModelBehindException when that takes longer than the configured wait
     */
    public ReadView await(Address sponsor) {
        long started = System.nanoTime();
        Waiter waiter = new Waiter(sponsor, new CompletableFuture<>());
        arrivals.add(waiter);
        try {
            ReadView view = waiter.done().get(properties.maxWait().toMillis(), TimeUnit.MILLISECONDS);
            waits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return view;
        } catch (TimeoutException e) {
            waiter.done().cancel(false);
            timeouts.increment();
            throw new ReadModelBehindException("the projector did not reach the sponsor's partition end in "
                    + properties.maxWait().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadModelBehindException("interrupted while waiting for the projector");
        } catch (ExecutionException e) {
            throw new ReadModelBehindException(
                    "cannot check the projector's progress: " + e.getCause().getMessage());
        }
    }

    /**
     * The serving generation without waiting for the projector, for reads that promise no
     * read-your-writes (the audit log); empty before any generation was activated.
     */
    public Optional<ReadView> current() {
        return ReadModelSchemas.active(control).map(generation -> view(generation.schema()));
    }

    private static void release(List<Waiter> waiting, ReadView view, Map<Integer, Long> positions) {
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (positions.getOrDefault(waiter.partition, 0L) >= waiter.target) {
                waiter.done().complete(view);
                it.remove();
            }
        }
    }

    private void run() {
        List<Waiter> waiting = new ArrayList<>();
        ReadView known = null;
        Map<Integer, Long> knownPositions = Map.of();
        long knownAt = 0;
        Consumer<byte[], byte[]> consumer = null;
        List<TopicPartition> partitions = List.of();
        while (loop.running()) {
            try {
                if (consumer == null) {
                    consumer = consumers.get();
                    partitions = TopicPartitions.required(consumer, properties.topic(), Duration.ofSeconds(5));
                    partitionCount = partitions.size();
                    // Assigned (never polled), so that the end offsets it fetches are for its own
                    // partitions: the client warns on every fetch for partitions it does not own.
                    consumer.assign(partitions);
                }
                Waiter first = waiting.isEmpty()
                        ? arrivals.poll(1, TimeUnit.SECONDS)
                        : arrivals.poll(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                List<Waiter> arrived = new ArrayList<>();
                if (first != null) {
                    arrived.add(first);
                    arrivals.drainTo(arrived);
                }
                arrived.removeIf(waiter -> waiter.done().isDone());
                if (!arrived.isEmpty()) {
                    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
                    for (Waiter waiter : arrived) {
                        int partition = SponsorPartitioner.partition(waiter.sponsor(), partitionCount);
                        waiter.target = ends.get(new TopicPartition(properties.topic(), partition));
                        waiter.partition = partition;
                        waiting.add(waiter);
                    }
                }
                waiting.removeIf(waiter -> waiter.done().isDone());
                if (waiting.isEmpty()) {
                    continue;
                }
                // Positions only grow within a generation, so a recent reading that already
                // covers a target proves it; the database is asked only for what it does not.
                if (known != null && System.nanoTime() - knownAt < KNOWN_POSITIONS_TTL_NANOS) {
                    release(waiting, known, knownPositions);
                    if (waiting.isEmpty()) {
                        continue;
                    }
                }
                Generation active = ReadModelSchemas.active(control).orElse(null);
                if (active == null) {
                    continue;
                }
                known = view(active.schema());
                knownPositions = ProjectionPositions.read(known.dsl());
                knownAt = System.nanoTime();
                release(waiting, known, knownPositions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.warn("Read barrier round failed: {}", e.toString());
                for (Waiter waiter : waiting) {
                    waiter.done().completeExceptionally(e);
                }
                waiting.clear();
                if (consumer != null) {
                    try {
                        consumer.close(Duration.ofSeconds(1));
                    } catch (RuntimeException closing) {
                        log.debug("closing the barrier consumer failed", closing);
                    }
                    consumer = null;
                }
                pause();
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
        for (Waiter waiter : waiting) {
            waiter.done().completeExceptionally(new IllegalStateException("the read barrier stopped"));
        }
    }

    private ReadView view(String schema) {
        return new ReadView(
                schema, contexts.computeIfAbsent(schema, name -> ReadModelSchemas.dsl(dataSource, name, queryTimings)));
    }

    private void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Waiter {
        private final Address sponsor;
        private final CompletableFuture<ReadView> done;
        private int partition;
        private long target;

        Waiter(Address sponsor, CompletableFuture<ReadView> done) {
            this.sponsor = sponsor;
            this.done = done;
        }

        Address sponsor() {
            return sponsor;
        }

        CompletableFuture<ReadView> done() {
            return done;
        }
    }
}

package dev.allocator.query;

import static dev.allocator.readmodel.jooq.read_model.Tables.PROJECTION_POSITIONS;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.Projector;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.ProjectorHarness;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.testing.postgres.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read side's benchmark, not a test: it prints numbers and asserts nothing. Run it with
 *
 * <pre>
 * ./mvnw -B verify -pl query-service -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ReadSideBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 *
 * Everything runs in one JVM on this machine: the in-process broker, the embedded PostgreSQL, the
 * projector, the query service and the load generator, so they compete for the same cores.
 * Results go to stdout and to {@code query-service/target/benchmark-read-side.md}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.root=WARN", "logging.structured.format.console="})
class ReadSideBenchmark {
    static final String KEY = "benchmark-session-key-of-32-characters!";
    static final String TOPIC = "bench-" + UUID.randomUUID();
    static final ChainId OPTIMISM = ChainId.of(10);
    static final String DB_URL;
    static final HikariDataSource DATA_SOURCE;
    static final EventLog LOG;
    static final FakeIndexer INDEXER = new FakeIndexer();

    static {
        // Known before the context starts: the service caches its supported chains.
        INDEXER.chains.add(new SupportedChain(OPTIMISM, Uint256.ONE));
    }

    static final Projector PROJECTOR;
    static final io.micrometer.core.instrument.simple.SimpleMeterRegistry PROJECTOR_METRICS =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 8));

    static {
        EmbeddedBroker.createTopics(TOPIC, TOPIC + ".dlt");
        DB_URL = TestPostgres.freshDatabaseUrl();
        DATA_SOURCE = TestPostgres.dataSource(DB_URL, 8);
        LOG = new EventLog(TOPIC);
        PROJECTOR = ProjectorHarness.projector(
                DATA_SOURCE, TOPIC, PROJECTOR_METRICS, 500, Duration.ofMillis(50), CommitHook.NONE);
        PROJECTOR.start();
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ReadSideProperties.register(registry, DB_URL, TOPIC);
        registry.add("allocator.session.token-secret", () -> KEY);
        registry.add("allocator.balance.allocator-address", () -> "0x1111111111111111111111111111111111111111");
    }

    @AfterAll
    static void stop() {
        PROJECTOR.stop();
        LOG.close();
    }

    @TestConfiguration
    static class IndexerConfiguration {
        @Bean
        @Primary
        Indexer fakeIndexer() {
            return INDEXER;
        }
    }

    private final SessionTokens tokens = new SessionTokens(KEY.getBytes(StandardCharsets.UTF_8));

    @Test
    void measureTheReadSide() throws Exception {
        int sponsors = 64;
        List<Seeded> seeded = new ArrayList<>();
        List<EventEnvelope> batch = new ArrayList<>();
        for (int i = 0; i < sponsors; i++) {
            Seeded one = seed(batch, 3);
            seeded.add(one);
            INDEXER.put(
                    one.history.sponsor(),
                    OPTIMISM,
                    SponsorHistory.LOCK,
                    new LockDetails(List.of(), new LockDetails.LockState(Uint256.of(1_000_000), 0), List.of()));
        }
        Seeded heavy = seed(batch, 1_000);
        for (int from = 0; from < batch.size(); from += 200) {
            LOG.append(batch.subList(from, Math.min(batch.size(), from + 200)));
        }
        ProjectorHarness.awaitCaughtUp(PROJECTOR.live(), LOG, Duration.ofMinutes(2));

        StringBuilder report = new StringBuilder();
        report.append("| endpoint | concurrency | successes/s | p50 ms | p99 ms | errors | mean barrier wait ms |\n");
        report.append("|---|---|---|---|---|---|---|\n");
        Map<String, IntFunction<Get>> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put(
                "GET /compact/:chainId/:claimHash",
                t -> request("/compact/10/" + seeded.get(t).claimHash, seeded.get(t).token));
        endpoints.put("GET /suggested-nonce/:chainId", t -> request("/suggested-nonce/10", seeded.get(t).token));
        endpoints.put(
                "GET /balance/:chainId/:lockId",
                t -> request("/balance/10/" + SponsorHistory.LOCK, seeded.get(t).token));
        endpoints.put("GET /compacts (1,000 rows)", t -> request("/compacts?limit=1000", heavy.token));
        if (Boolean.getBoolean("bench.lagOnly")) {
            System.out.println(projectorLag(1_000, Duration.ofSeconds(10)));
            return;
        }
        for (IntFunction<Get> endpoint : endpoints.values()) {
            load(endpoint, 8); // JIT and pools warm up on every path before anything is measured
        }
        for (Map.Entry<String, IntFunction<Get>> endpoint : endpoints.entrySet()) {
            for (int concurrency : new int[] {1, 8, 64}) {
                io.micrometer.core.instrument.Timer barrier =
                        registry.get("query.consistency.wait").timer();
                long countBefore = barrier.count();
                double totalBefore = barrier.totalTime(TimeUnit.MILLISECONDS);
                Result result = load(endpoint.getValue(), concurrency);
                double meanWait = (barrier.totalTime(TimeUnit.MILLISECONDS) - totalBefore)
                        / Math.max(1, barrier.count() - countBefore);
                String line = String.format(
                        "| %s | %d | %,.0f | %.1f | %.1f | %d | %.2f |%n",
                        endpoint.getKey(),
                        concurrency,
                        result.perSecond(),
                        result.percentile(50),
                        result.percentile(99),
                        result.errors,
                        meanWait);
                report.append(line);
                System.out.print(line);
            }
        }
        report.append("\n").append(projectorLag(1_000, Duration.ofSeconds(10)));
        String header =
                "Read side, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, warm-up "
                        + WARM_UP.toSeconds() + " s, measured " + MEASURE.toSeconds() + " s per row\n\n";
        System.out.println("\n" + header + report);
        Files.writeString(Path.of("target", "benchmark-read-side.md"), header + report);
    }

    private Seeded seed(List<EventEnvelope> batch, int compacts) {
        SponsorHistory history = SponsorHistory.random();
        String sessionId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        batch.add(history.sessionCreated(sessionId, now, now.plus(7, ChronoUnit.DAYS)));
        String claimHash = null;
        for (int i = 0; i < compacts; i++) {
            EventEnvelope compact = history.compactAllocated(
                    sessionId,
                    OPTIMISM,
                    SponsorHistory.LOCK,
                    Uint256.of(1 + i),
                    now.getEpochSecond() + 3600,
                    i % 2 == 0,
                    now);
            batch.add(compact);
            claimHash = ((Event.CompactAllocated) compact.event()).claimHash().value();
        }
        String token = tokens.issue(new SessionToken(sessionId, history.sponsor(), now, now.plus(7, ChronoUnit.DAYS)));
        return new Seeded(history, token, claimHash);
    }

    private Get request(String path, String token) {
        try {
            return new Get(URI.create("http://localhost:" + port + path).toURL(), token);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One GET with a session, over a kept-alive HttpURLConnection; returns the status. */
    record Get(java.net.URL url, String token) {
        int send() throws IOException {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) url.openConnection();
            connection.setRequestProperty("x-session-id", token);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            int status = connection.getResponseCode();
            try (java.io.InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return status;
        }
    }

    private Result load(IntFunction<Get> requests, int concurrency) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        long[] errors = new long[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            Get request = requests.apply(t);
            Thread worker = new Thread(() -> {
                long[] latencies = new long[200_000];
                int count = 0;
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = request.send();
                        } catch (IOException e) {
                            status = -1;
                        }
                        long took = System.nanoTime() - start;
                        if (measuring.get()) {
                            if (status == 200 && count < latencies.length) {
                                latencies[count++] = took;
                            } else if (status != 200) {
                                errors[thread]++;
                            }
                        }
                    }
                } finally {
                    samples.add(Arrays.copyOf(latencies, count));
                    done.countDown();
                }
            });
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
        Thread.sleep(WARM_UP.toMillis());
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        running.set(false);
        done.await(30, TimeUnit.SECONDS);
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all, elapsed, Arrays.stream(errors).sum());
    }

    /**
     * Writes events at the given rate (transactions of ten, as the processor batches them) and
     * measures, per event, the time from its transaction's commit returning to its row being
     * visible: the projector's stored position (committed with the rows) passing its offset.
     */
    private String projectorLag(int eventsPerSecond, Duration duration) throws Exception {
        DSLContext dsl =
                ReadModelSchemas.dsl(DATA_SOURCE, PROJECTOR.live().generation().schema());
        ConcurrentLinkedQueue<long[]> pending = new ConcurrentLinkedQueue<>();
        List<Long> lags = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            List<long[]> open = new ArrayList<>();
            while (writing.get() || !pending.isEmpty() || !open.isEmpty()) {
                long[] next;
                while ((next = pending.poll()) != null) {
                    open.add(next);
                }
                if (!open.isEmpty()) {
                    Map<Integer, Long> positions = new HashMap<>();
                    dsl.select(PROJECTION_POSITIONS.PARTITION, PROJECTION_POSITIONS.NEXT_OFFSET)
                            .from(PROJECTION_POSITIONS)
                            .forEach(row -> positions.put(row.value1(), row.value2()));
                    long now = System.nanoTime();
                    open.removeIf(event -> {
                        if (positions.getOrDefault((int) event[0], 0L) > event[1]) {
                            synchronized (lags) {
                                lags.add(now - event[2]);
                            }
                            return true;
                        }
                        return false;
                    });
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        // A plain read_committed consumer shows how much of the lag is Kafka's own: the time until
        // the commit markers make the records readable at all.
        Map<Long, Long> committedAt = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Long, Long> readableAt = new java.util.concurrent.ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", EmbeddedBroker.bootstrapServers());
            config.put("isolation.level", "read_committed");
            config.put("fetch.max.wait.ms", 5);
            config.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
            config.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(config)) {
                var partitions = consumer.partitionsFor(TOPIC).stream()
                        .map(info -> new org.apache.kafka.common.TopicPartition(TOPIC, info.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (writing.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(5))) {
                        readableAt.put(((long) record.partition() << 40) | record.offset(), System.nanoTime());
                    }
                }
            }
        });
        reader.start();
        Thread.sleep(500);
        // One transactional writer per partition, as the sponsor processor has: a task owns a
        // sponsor's command partition and writes its events to the same-numbered event partition.
        int writerThreads = EmbeddedBroker.PARTITIONS;
        int perTransaction = 10;
        long intervalNanos = 1_000_000_000L * perTransaction * writerThreads / eventsPerSecond;
        long end = System.nanoTime() + duration.toNanos();
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int w = 0; w < writerThreads; w++) {
            int partition = w;
            Thread producer = new Thread(() -> {
                List<SponsorHistory> writers = new ArrayList<>();
                while (writers.size() < 20) {
                    SponsorHistory candidate = SponsorHistory.random();
                    byte[] key = candidate.sponsor().lowercase().getBytes(StandardCharsets.UTF_8);
                    if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                                    % EmbeddedBroker.PARTITIONS
                            == partition) {
                        writers.add(candidate);
                    }
                }
                Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                long next = System.nanoTime();
                try (EventLog log = new EventLog(TOPIC)) {
                    int mine = 0;
                    while (System.nanoTime() < end) {
                        List<EventEnvelope> events = new ArrayList<>();
                        for (int i = 0; i < perTransaction; i++) {
                            SponsorHistory writer = writers.get((mine + i) % writers.size());
                            events.add(writer.sessionCreated(UUID.randomUUID().toString(), at, at.plusSeconds(3600)));
                        }
                        List<RecordMetadata> metadata = log.appendAll(events);
                        long committed = System.nanoTime();
                        for (RecordMetadata one : metadata) {
                            pending.add(new long[] {one.partition(), one.offset(), committed});
                            committedAt.put(((long) one.partition() << 40) | one.offset(), committed);
                        }
                        mine += perTransaction;
                        written.addAndGet(perTransaction);
                        next += intervalNanos;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            TimeUnit.NANOSECONDS.sleep(sleep);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join();
        }
        double achieved = written.get() / (duration.toNanos() / 1e9);
        Thread.sleep(1_000);
        writing.set(false);
        watcher.join(30_000);
        reader.join(30_000);
        long[] readable = committedAt.entrySet().stream()
                .filter(entry -> readableAt.containsKey(entry.getKey()))
                .mapToLong(entry -> Math.max(0, readableAt.get(entry.getKey()) - entry.getValue()))
                .sorted()
                .toArray();
        Result kafka = new Result(readable, duration.toNanos(), 0);
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        Result result = new Result(sorted, duration.toNanos(), 0);
        String line = String.format(
                "Projector lag (transaction committed → row visible, sampled every 2 ms), %,.0f events/s in transactions of %d,"
                        + " %,d events: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                achieved,
                perTransaction,
                sorted.length,
                result.percentile(50),
                result.percentile(99),
                sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1e6);
        io.micrometer.core.instrument.Timer batches =
                PROJECTOR_METRICS.get("projector.batch").timer();
        var snapshot = batches.takeSnapshot();
        System.out.printf(
                "Projector batches so far: %d, mean %.1f ms, max %.1f ms, percentiles %s%n",
                batches.count(),
                batches.mean(TimeUnit.MILLISECONDS),
                batches.max(TimeUnit.MILLISECONDS),
                Arrays.toString(snapshot.percentileValues()));
        String kafkaLine = String.format(
                "Of which Kafka (transaction committed → readable by a read_committed consumer): p50 %.1f ms,"
                        + " p99 %.1f ms over %,d events%n",
                kafka.percentile(50), kafka.percentile(99), readable.length);
        System.out.print(line + kafkaLine);
        return line + "\n" + kafkaLine;
    }

    record Seeded(SponsorHistory history, String token, String claimHash) {}

    record Result(long[] sortedNanos, long elapsedNanos, long errors) {
        double perSecond() {
            return sortedNanos.length / (elapsedNanos / 1e9);
        }

        double percentile(int p) {
            if (sortedNanos.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, index)] / 1e6;
        }
    }
}

package dev.allocator.load;

import dev.allocator.command.CommandServiceApplication;
import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.indexer.standin.LockIds;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.ResetPeriod;
import dev.allocator.model.value.Uint256;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The POST /compact load run: one JVM with an in-process KRaft broker, the indexer stand-in and
 * one command-service instance, driven over HTTP by closed-loop clients. Prints successes per
 * second and p50/p99 latency at concurrency 1, 8 and 64 for one and for twenty sponsors, and the
 * latency before and after one sponsor has 10,000 compacts.
 *
 * <p>Arguments (all optional): {@code seconds=10 warmup=3 history=10000}; {@code logs=on} writes
 * the service's INFO log (JSON) to a file as a deployment would, {@code tracing=off} samples no
 * trace, and an argument named like a property sets it on the service. With {@code mode=burst} it runs {@link OverloadBurst} instead: {@code requests=2000
 * funds=100}.
 */
public final class CommandLoadRun {
    static final ChainId CHAIN = ChainId.of(10);
    static final BigInteger ALLOCATOR_ID = BigInteger.valueOf(7);
    /** A well-known development key: never for real funds. */
    static final String ALLOCATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    final LoadClient api;
    private final IndexerStandIn indexer;
    private final AtomicInteger tokens = new AtomicInteger();
    private final Map<String, double[]> previous = new HashMap<>();

    CommandLoadRun(String api, String apiKey, IndexerStandIn indexer) {
        this.api = new LoadClient(api, apiKey);
        this.indexer = indexer;
    }

    record Client(Address sponsor, String token, LockId lock) {}

    record Result(int concurrency, int sponsors, long successes, long errors, double seconds, double p50, double p99) {
        double perSecond() {
            return successes / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "3")));
        int history = Integer.parseInt(options.getOrDefault("history", "10000"));

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0",
                "log.dirs", Files.createTempDirectory("bench-kafka").toString()));
        broker.afterPropertiesSet();
        IndexerStandIn indexer = IndexerStandIn.builder()
                .registeredAllocator(CHAIN, SigningKey.fromHex(ALLOCATOR_KEY).address(), ALLOCATOR_ID)
                .build()
                .start();
        // API keys and rate-limit buckets live in PostgreSQL, as in a deployment.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Map<String, Object> settings = new HashMap<>();
        settings.put("server.port", 0);
        settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "postgres");
        settings.put("logging.structured.format.console", "");
        settings.put("logging.level.org.apache.kafka", "WARN");
        settings.put("allocator.signing.private-key", ALLOCATOR_KEY);
        settings.put("allocator.session.base-url", "http://localhost:3000");
        settings.put("allocator.session.token-secret", "load-token-secret-0123456789abcdef0123456789");
        settings.put("allocator.session.nonce-secret", "load-nonce-secret-0123456789abcdef0123456789");
        settings.put("allocator.messaging.bootstrap-servers", broker.getBrokersAsString());
        settings.put("allocator.messaging.application-id", "bench-processor");
        settings.put("allocator.messaging.topics.commands", "bench.commands");
        settings.put("allocator.messaging.topics.events", "bench.events");
        settings.put("allocator.messaging.topics.replies", "bench.replies");
        settings.put(
                "allocator.messaging.state-dir",
                Files.createTempDirectory("bench-state").toString());
        settings.put("allocator.indexer.url", indexer.url().toString());
        settings.put("logging.level.root", "WARN");
        if ("on".equals(options.get("logs"))) {
            // What a deployment writes (the access and decision lines, JSON), to a file, so the
            // cost of logging is in the numbers and the table stays readable.
            settings.put("logging.level.root", "INFO");
            settings.put("logging.threshold.console", "WARN");
            settings.put("logging.structured.format.file", "ecs");
            settings.put(
                    "logging.file.name", Files.createTempDirectory("bench-logs").resolve("command-service.log"));
        }
        if ("off".equals(options.get("tracing"))) {
            settings.put("management.tracing.sampling.probability", "0");
        }
        // Any other setting of the service, by its property name (allocator.admission.max-in-flight=64).
        options.forEach((key, value) -> {
            if (key.contains(".")) {
                settings.put(key, value);
            }
        });
        settings.put("allocator.messaging.partitions", "8");
        settings.put("allocator.messaging.stream-threads", options.getOrDefault("streamThreads", "1"));
        settings.put("allocator.messaging.commit-interval", options.getOrDefault("commitInterval", "10ms"));
        // Command-line arguments, so that they win over application.yml.
        String[] arguments = settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext instance =
                new SpringApplicationBuilder(CommandServiceApplication.class).run(arguments)) {
            int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
            String partnerKey = new KeyAdministration(
                            instance.getBean(ApiKeyStore.class), Clock.systemUTC(), new SecureRandom())
                    .create(Role.PARTNER, null, false, "load run")
                    .key()
                    .text();
            CommandLoadRun run = new CommandLoadRun("http://localhost:" + port, partnerKey, indexer);
            if ("burst".equals(options.get("mode"))) {
                new OverloadBurst(run, instance, broker.getBrokersAsString(), "bench.events")
                        .run(
                                Integer.parseInt(options.getOrDefault("requests", "2000")),
                                Integer.parseInt(options.getOrDefault("funds", "100")));
                return;
            }
            System.out.printf(
                    "%nPOST /compact load run, %s, %d cores, %s measured after %s warm-up%n",
                    Instant.now(), Runtime.getRuntime().availableProcessors(), measure, warmup);
            run.drive(run.clients(20), 32, warmup.multipliedBy(5), new LatencyRecorder());
            run.serverSide(instance);
            System.out.printf(
                    "%-9s %-12s %10s %8s %12s %10s %10s   %s%n",
                    "sponsors",
                    "concurrency",
                    "successes",
                    "errors",
                    "per second",
                    "p50 ms",
                    "p99 ms",
                    "server-side means (ms)");
            for (int sponsors : List.of(1, 20)) {
                for (int concurrency : List.of(1, 8, 64)) {
                    List<Client> clients = run.clients(sponsors);
                    run.drive(clients, concurrency, warmup, new LatencyRecorder());
                    Result result = run.measure(clients, concurrency, sponsors, measure);
                    System.out.printf(
                            "%-9d %-12d %10d %8d %12.0f %10.1f %10.1f   %s%n",
                            sponsors,
                            concurrency,
                            result.successes(),
                            result.errors(),
                            result.perSecond(),
                            result.p50(),
                            result.p99(),
                            run.serverSide(instance));
                }
            }
            run.history(history, measure);
        } finally {
            indexer.close();
            broker.destroy();
            postgres.close();
            System.exit(0);
        }
    }

    /**
     * Where the time went inside the service since the last call: the indexer snapshot, the
     * command round trip through Kafka, and the processor's decision, as mean milliseconds.
     */
    String serverSide(ConfigurableApplicationContext instance) {
        MeterRegistry registry = instance.getBean(MeterRegistry.class);
        StringBuilder line = new StringBuilder();
        for (String name :
                List.of("allocator.indexer.snapshot", "allocator.command.round.trip", "allocator.processor.decide")) {
            Timer timer = registry.find(name).timer();
            if (timer == null) {
                continue;
            }
            long count = timer.count();
            double total = timer.totalTime(TimeUnit.MILLISECONDS);
            double[] last = previous.getOrDefault(name, new double[2]);
            double mean = count > last[0] ? (total - last[1]) / (count - last[0]) : Double.NaN;
            previous.put(name, new double[] {count, total});
            line.append(String.format("%s %.2f  ", name.substring(name.lastIndexOf('.') + 1), mean));
        }
        return line.toString().trim();
    }

    /** Fresh sponsors, each signed in with a well-funded lock of its own. */
    List<Client> clients(int count) {
        return clients(count, Uint256.parse("1" + "0".repeat(40)));
    }

    /** Fresh sponsors, each signed in with a lock of its own holding {@code funds}. */
    List<Client> clients(int count, Uint256 funds) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SigningKey wallet = SigningKey.generate(new SecureRandom());
            String token = api.signIn(wallet, CHAIN);
            LockId lock = LockIds.lockId(true, ResetPeriod.ofIndex(7), ALLOCATOR_ID, token(tokens.incrementAndGet()));
            indexer.ledger()
                    .deposit(CHAIN, wallet.address(), lock, funds, Instant.now().minusSeconds(3600));
            clients.add(new Client(wallet.address(), token, lock));
        }
        return clients;
    }

    /** A token address that differs per call, so that clients do not share locks. */
    private static Address token(int n) {
        return Address.ofBytes(Arrays.copyOfRange(Uint256.of(0x1000L + n).toBytes32(), 12, 32));
    }

    Result measure(List<Client> clients, int concurrency, int sponsors, Duration duration) throws InterruptedException {
        LatencyRecorder latencies = new LatencyRecorder();
        long started = System.nanoTime();
        long[] outcome = drive(clients, concurrency, duration, latencies);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(
                concurrency,
                sponsors,
                outcome[0],
                outcome[1],
                seconds,
                latencies.percentileMillis(0.5),
                latencies.percentileMillis(0.99));
    }

    /** Closed loop: each worker sends its next request when the last one is answered. */
    long[] drive(List<Client> clients, int concurrency, Duration duration, LatencyRecorder latencies)
            throws InterruptedException {
        AtomicLong successes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        Client client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
                        long start = System.nanoTime();
                        int status = post(client);
                        latencies.record(System.nanoTime() - start);
                        if (status == 200) {
                            successes.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            worker.start();
        }
        done.await();
        return new long[] {successes.get(), errors.get()};
    }

    int post(Client client) {
        return api.allocate(
                client.sponsor(),
                client.token(),
                client.lock(),
                "1",
                Instant.now().getEpochSecond() + 3600,
                CHAIN);
    }

    /** Latency at concurrency 8 with no history, then after the sponsor has {@code history} compacts. */
    void history(int history, Duration measure) throws InterruptedException {
        List<Client> one = clients(1);
        Result before = measure(one, 8, 1, measure);
        long[] filled = {0};
        while (filled[0] < history) {
            long[] outcome = drive(one, 64, Duration.ofSeconds(5), new LatencyRecorder());
            filled[0] += outcome[0];
        }
        Result after = measure(one, 8, 1, measure);
        System.out.printf(
                "%nOne sponsor at concurrency 8: p50 %.1f ms / p99 %.1f ms with %d prior compacts;"
                        + " p50 %.1f ms / p99 %.1f ms with %d prior compacts (p50 change %+.0f %%)%n",
                before.p50(),
                before.p99(),
                0,
                after.p50(),
                after.p99(),
                filled[0] + before.successes(),
                100 * (after.p50() - before.p50()) / before.p50());
    }
}

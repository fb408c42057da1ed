package dev.allocator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.testing.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Numbers for docs/benchmarks.md: checks per second and their latency through one hot bucket
 * (one partner key sending everything) and through many subjects, with and without Bucket4j's
 * batching, from 16 threads of one instance against the embedded PostgreSQL.
 */
class RateLimitBenchmarkIT {
    private static final int THREADS = 16;
    private static final Duration RUN = Duration.ofSeconds(3);
    private static final int SUBJECTS = 500;

    @Test
    void measuresHotAndSpreadBuckets() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestPostgres.freshDatabaseUrl());
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(THREADS);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(RateLimitAutoConfiguration.SCHEMA)
                    .createSchemas(true)
                    .locations("classpath:db/rate-limit")
                    .load()
                    .migrate();
            for (boolean batching : new boolean[] {true, false}) {
                RateLimiter limiter = limiter(dataSource, batching);
                for (int i = 0; i < SUBJECTS; i++) {
                    // the rows exist, as for clients that keep coming back
                    limiter.check(new Subject(Tier.PARTNER, "key-" + i), RateLimitGroup.COMPACTS);
                }
                run(limiter, () -> "hot", Duration.ofSeconds(1)); // warm-up
                Result hot = run(limiter, () -> "hot", RUN);
                Result spread =
                        run(limiter, () -> "key-" + ThreadLocalRandom.current().nextInt(SUBJECTS), RUN);
                System.out.printf("batching=%s hot bucket:  %s%n", batching, hot);
                System.out.printf("batching=%s %d subjects: %s%n", batching, SUBJECTS, spread);
                assertThat(hot.perSecond()).isPositive();
                assertThat(spread.perSecond()).isPositive();
            }
        }
    }

    private static RateLimiter limiter(HikariDataSource dataSource, boolean batching) {
        RateLimitProperties properties = new RateLimitProperties(
                true,
                List.of("127.0.0.1"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                THREADS,
                java.util.Map.of(
                        Tier.PARTNER, java.util.Map.of(RateLimitGroup.COMPACTS, Limit.perSecond(1_000_000, 1_000_000))),
                null);
        var executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        return new RateLimiter(
                properties,
                new Buckets.Shared(dataSource, batching),
                executor,
                event -> {},
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    record Result(long checks, double perSecond, double p50Millis, double p99Millis) {
        @Override
        public String toString() {
            return String.format(
                    "%,d checks, %,.0f/s, p50 %.2f ms, p99 %.2f ms", checks, perSecond, p50Millis, p99Millis);
        }
    }

    private static Result run(RateLimiter limiter, java.util.function.Supplier<String> subjects, Duration length)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        long until = started + length.toNanos();
        List<Future<long[]>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            running.add(clients.submit(() -> {
                long[] latencies = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < until && n < latencies.length) {
                    long s = System.nanoTime();
                    Verdict verdict = limiter.check(new Subject(Tier.PARTNER, subjects.get()), RateLimitGroup.COMPACTS)
                            .orElseThrow();
                    latencies[n++] = System.nanoTime() - s;
                    if (!verdict.allowed()) {
                        throw new IllegalStateException("the benchmark's limit is out of reach");
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : running) {
            all.add(f.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(
                merged.length,
                merged.length / seconds,
                merged[merged.length / 2] / 1e6,
                merged[(int) (merged.length * 0.99)] / 1e6);
    }
}

package dev.allocator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.testing.postgres.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

class RateLimitIT {
    private static final String SPONSOR = "0x00000000000000000000000000000000000000aa";
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext instance(String url, String... properties) {
        ConfigurableApplicationContext context = LimitedApp.start(url, properties);
        instances.add(context);
        return context;
    }

    @Test
    void twoInstancesTogetherAdmitNoMoreThanTheConfiguredRate() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        String[] limit = {
            "allocator.rate-limit.tiers.anonymous.reads.capacity=20",
            "allocator.rate-limit.tiers.anonymous.reads.refill=40",
            "allocator.rate-limit.tiers.anonymous.reads.period=1s"
        };
        List<Integer> ports = List.of(LimitedApp.port(instance(url, limit)), LimitedApp.port(instance(url, limit)));

        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(3).toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int port = ports.get(c % 2);
            running.add(clients.submit(() -> {
                while (System.nanoTime() < until) {
                    int status = get(port, "/compacts").statusCode();
                    (status == 200 ? admitted : refused).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();

        double allowed = 20 + 40 * seconds;
        System.out.printf(
                "two instances: admitted %d, refused %d in %.2f s; the shared bucket allows %.0f%n",
                admitted.get(), refused.get(), seconds, allowed);
        assertThat(refused.get()).as("the clients went faster than the limit").isPositive();
        assertThat((double) admitted.get()).isBetween(allowed * 0.9, allowed * 1.1);
    }

    @Test
    void refusesWith429EveryHeaderAndTheErrorShapeWithoutRunningTheHandler() throws Exception {
        ConfigurableApplicationContext app = instance(
                TestPostgres.freshDatabaseUrl(),
                "allocator.rate-limit.tiers.anonymous.reads.capacity=2",
                "allocator.rate-limit.tiers.anonymous.reads.refill=1",
                "allocator.rate-limit.tiers.anonymous.reads.period=1m");
        int port = LimitedApp.port(app);

        HttpResponse<String> first = get(port, "/compacts");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
        assertThat(first.headers().firstValue("RateLimit-Reset")).contains("60");
        assertThat(get(port, "/compacts").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = get(port, "/compacts");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(refused.body()).isEqualTo("{\"error\":\"Too many requests\",\"code\":\"RATE_LIMITED\"}");
        assertThat(refused.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(refused.headers().firstValue("RateLimit-Reset")).contains("120");
        assertThat(refused.headers().firstValue("Retry-After")).contains("60");
        assertThat(app.getBean(LimitedApp.Handled.class).get()).isEqualTo(2);

        // Unlimited paths pass untouched.
        HttpResponse<String> health = get(port, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("RateLimit-Limit")).isEmpty();

        LimitedApp.Rejections rejections = app.getBean(LimitedApp.Rejections.class);
        assertThat(rejections.seen).singleElement().satisfies(r -> {
            assertThat(r.tier()).isEqualTo("anonymous");
            assertThat(r.group()).isEqualTo("reads");
            assertThat(r.subjectHash()).isEqualTo(Subject.clientIp("127.0.0.1").hash());
        });
        assertThat(app.getBean(MeterRegistry.class)
                        .counter("allocator.rate.limited", "group", "reads", "tier", "anonymous")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void spoofedForwardedForFromAnUntrustedAddressDoesNotBuyANewBucket() throws Exception {
        int port = LimitedApp.port(instance(
                TestPostgres.freshDatabaseUrl(),
                // The test client connects from loopback; trust nothing, as if it came from outside.
                "allocator.rate-limit.trusted-proxies=10.255.255.255/32",
                "allocator.rate-limit.tiers.anonymous.reads.capacity=1",
                "allocator.rate-limit.tiers.anonymous.reads.refill=1",
                "allocator.rate-limit.tiers.anonymous.reads.period=1m"));
        assertThat(get(port, "/compacts", "X-Forwarded-For", "198.51.100.1").statusCode())
                .isEqualTo(200);
        assertThat(get(port, "/compacts", "X-Forwarded-For", "198.51.100.2").statusCode())
                .isEqualTo(429);
    }

    @Test
    void aTrustedGatewaysForwardedForCountsEachClientApart() throws Exception {
        int port = LimitedApp.port(instance(
                TestPostgres.freshDatabaseUrl(),
                "allocator.rate-limit.tiers.anonymous.reads.capacity=1",
                "allocator.rate-limit.tiers.anonymous.reads.refill=1",
                "allocator.rate-limit.tiers.anonymous.reads.period=1m"));
        assertThat(get(port, "/compacts", "X-Forwarded-For", "198.51.100.1").statusCode())
                .isEqualTo(200);
        assertThat(get(port, "/compacts", "X-Forwarded-For", "198.51.100.2").statusCode())
                .isEqualTo(200);
        assertThat(get(port, "/compacts", "X-Forwarded-For", "198.51.100.1").statusCode())
                .isEqualTo(429);
    }

    @Test
    void aPartnerKeyHasItsOwnQuotaApartFromItsTierAndFromTheClientIp() throws Exception {
        int port = LimitedApp.port(instance(
                TestPostgres.freshDatabaseUrl(),
                "allocator.rate-limit.tiers.anonymous.reads.capacity=1",
                "allocator.rate-limit.tiers.anonymous.reads.refill=1",
                "allocator.rate-limit.tiers.anonymous.reads.period=1m",
                "allocator.rate-limit.tiers.partner.reads.capacity=2",
                "allocator.rate-limit.tiers.partner.reads.refill=1",
                "allocator.rate-limit.tiers.partner.reads.period=1m",
                "allocator.rate-limit.keys.load.reads.capacity=5",
                "allocator.rate-limit.keys.load.reads.refill=1",
                "allocator.rate-limit.keys.load.reads.period=1m"));
        assertThat(get(port, "/compacts").statusCode()).isEqualTo(200);
        assertThat(get(port, "/compacts").statusCode()).isEqualTo(429);

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = get(port, "/compacts", "X-Test-Key", "load:ROLE_PARTNER");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("RateLimit-Limit")).contains("5");
        }
        assertThat(get(port, "/compacts", "X-Test-Key", "load:ROLE_PARTNER").statusCode())
                .isEqualTo(429);

        assertThat(get(port, "/compacts", "X-Test-Key", "other:ROLE_PARTNER").statusCode())
                .isEqualTo(200);
        assertThat(get(port, "/compacts", "X-Test-Key", "other:ROLE_PARTNER").statusCode())
                .isEqualTo(200);
        assertThat(get(port, "/compacts", "X-Test-Key", "other:ROLE_PARTNER").statusCode())
                .isEqualTo(429);
    }

    @Test
    void limitsEachSponsorAfterItsSessionWasAcceptedButNotAPartnersSponsors() throws Exception {
        ConfigurableApplicationContext app = instance(
                TestPostgres.freshDatabaseUrl(),
                "allocator.rate-limit.tiers.sponsor.compacts.capacity=2",
                "allocator.rate-limit.tiers.sponsor.compacts.refill=1",
                "allocator.rate-limit.tiers.sponsor.compacts.period=1m");
        int port = LimitedApp.port(app);
        HttpResponse<String> first = post(port, SPONSOR);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
        assertThat(post(port, SPONSOR).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = post(port, SPONSOR);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"RATE_LIMITED\"");
        assertThat(refused.headers().firstValue("Retry-After")).contains("60");
        assertThat(post(port, "0x00000000000000000000000000000000000000bb").statusCode())
                .isEqualTo(200);
        assertThat(post(port, SPONSOR, "X-Test-Key", "load:ROLE_PARTNER").statusCode())
                .isEqualTo(200);
        assertThat(app.getBean(LimitedApp.Handled.class).get()).isEqualTo(4);
    }

    @Test
    void failsOpenToTheInstancesOwnBucketsWhenTheDatabaseStops() throws Exception {
        EmbeddedPostgres own = TestPostgres.start();
        try {
            ConfigurableApplicationContext app = instance(
                    own.getJdbcUrl("postgres", "postgres"),
                    // Long enough for a cold first check on a fresh context, short next to Hikari's 30 s.
                    "allocator.rate-limit.database-timeout=1s",
                    "allocator.rate-limit.fallback-hold=5s",
                    "allocator.rate-limit.tiers.anonymous.reads.capacity=3",
                    "allocator.rate-limit.tiers.anonymous.reads.refill=1",
                    "allocator.rate-limit.tiers.anonymous.reads.period=1m");
            int port = LimitedApp.port(app);
            assertThat(get(port, "/compacts").statusCode()).isEqualTo(200);
            TestPostgres.close(own);

            long started = System.nanoTime();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(get(port, "/compacts").statusCode());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // Served from the local bucket (full again: it never saw the first request), then bounded by it.
            assertThat(statuses).containsExactly(200, 200, 200, 429);
            assertThat(took).isLessThan(Duration.ofSeconds(4));
            assertThat(app.getBean(MeterRegistry.class)
                            .counter("allocator.rate.limit.fallback")
                            .count())
                    .isEqualTo(4);
        } finally {
            TestPostgres.close(own);
        }
    }

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String sponsor, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/compact"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("X-Test-Sponsor", sponsor)
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(
                request.POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}

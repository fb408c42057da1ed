package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.LockId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rate limits hold for the deployment, not per instance: two command-service instances share
 * each bucket through PostgreSQL, and a refused request does nothing.
 */
@ExtendWith(KafkaBroker.class)
class RateLimitIT {
    /** Anonymous sign-in: a burst of 30, then one a second. */
    static final int SIGN_IN_BURST = 30;

    static final double SIGN_IN_PER_SECOND = 1.0;
    /** A sponsor's compacts: a burst of 3, then one a minute. */
    static final int COMPACT_BURST = 3;

    static CommandStack stack;

    @BeforeAll
    static void start() {
        stack = CommandStack.start(
                "ratelimit",
                2,
                Map.of(
                        "allocator.rate-limit.tiers.anonymous.sign-in.capacity",
                        SIGN_IN_BURST,
                        "allocator.rate-limit.tiers.anonymous.sign-in.refill",
                        60,
                        "allocator.rate-limit.tiers.anonymous.sign-in.period",
                        "1m",
                        "allocator.rate-limit.tiers.sponsor.compacts.capacity",
                        COMPACT_BURST,
                        "allocator.rate-limit.tiers.sponsor.compacts.refill",
                        1,
                        "allocator.rate-limit.tiers.sponsor.compacts.period",
                        "1m"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoInstancesTogetherAdmitNoMoreThanTheConfiguredRate() throws Exception {
        List<String> apis =
                stack.instances().stream().map(CommandInstance::baseUrl).toList();
        String path = "/session/" + CommandInstance.CHAIN + "/"
                + new Wallet(SigningKey.generate(new SecureRandom())).address().checksummed();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long started = System.nanoTime();
        long until = started + 8_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                String api = apis.get(client % 2);
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        // Through a trusted proxy (loopback) for a client of its own, so the
                        // other test's sign-in does not share this bucket.
                        Http.Response response = Http.get(api + path, Map.of("X-Forwarded-For", "203.0.113.7"));
                        if (response.status() == 200) {
                            admitted.incrementAndGet();
                        } else {
                            assertTooManyRequests(response);
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double allowed = SIGN_IN_BURST + SIGN_IN_PER_SECOND * seconds;

        System.out.printf(
                "RateLimitIT: %d admitted, %d refused by two instances in %.1f s; the limit allows %.1f%n",
                admitted.get(), refused.get(), seconds, allowed);
        assertThat(refused.get()).as("the clients went past the limit").isGreaterThan(admitted.get());
        assertThat((double) admitted.get()).isBetween(allowed * 0.9, allowed * 1.1);
    }

    @Test
    void aSponsorPastItsCompactLimitGets429AndNothingIsAllocated() {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token = wallet.signIn(stack.api(), CommandInstance.CHAIN);
        LockId lock = stack.fund(wallet.address(), 7, "1000");
        List<Http.Response> answers = new ArrayList<>();
        for (int i = 0; i < COMPACT_BURST + 2; i++) {
            String api = stack.instances().get(i % 2).baseUrl();
            answers.add(Http.post(
                    api + "/compact",
                    CompactRequests.body(
                            wallet.address(),
                            null,
                            Instant.now().getEpochSecond() + 3600,
                            lock,
                            "1",
                            CommandInstance.CHAIN),
                    Map.of("x-session-id", token)));
        }

        assertThat(answers.subList(0, COMPACT_BURST))
                .allSatisfy(
                        answer -> assertThat(answer.status()).as(answer.raw()).isEqualTo(200));
        answers.subList(COMPACT_BURST, answers.size()).forEach(RateLimitIT::assertTooManyRequests);
        List<EventEnvelope> events = stack.events(wallet.address());
        assertThat(events)
                .filteredOn(e -> e.event() instanceof Event.CompactAllocated)
                .hasSize(COMPACT_BURST);
    }

    static void assertTooManyRequests(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(429);
        assertThat(response.body().get("error").asString()).isEqualTo("Too many requests");
        assertThat(response.body().get("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(response.headers().firstValue("RateLimit-Limit")).isPresent();
        assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(response.headers().firstValue("RateLimit-Reset")).isPresent();
    }
}

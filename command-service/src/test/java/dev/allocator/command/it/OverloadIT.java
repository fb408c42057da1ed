package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.value.LockId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;

/**
 * No allocation without an answer, under a burst far beyond what the sponsor processor can decide
 * in time, all on one sponsor's partition. The reply timeout leaves the processor a tiny window
 * (100 ms) to decide in, and a wide margin (1.9 s) for the decision to reach its request: every
 * CompactAllocated in the log was answered 200, every other answer is a 4xx or a 503 with
 * Retry-After, and afterwards the remaining balance can still be allocated. And before that,
 * on the cold instance, a burst across many locks is not answered "indexer unavailable".
 */
@ExtendWith(KafkaBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverloadIT {
    static final long AMOUNT = 10;
    static final int COVERED = 100;
    static final int REQUESTS = 4_000;
    static final int CONCURRENCY = 300;
    static final int COLD_LOCKS = 60;
    static final int REQUESTS_PER_COLD_LOCK = 4;

    static CommandStack stack;

    @BeforeAll
    static void start() {
        stack = CommandStack.start(
                "overload",
                1,
                Map.of(
                        "allocator.messaging.reply-timeout", "2s",
                        "allocator.messaging.decision-margin", "1900ms",
                        "allocator.admission.max-in-flight", 250));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** First, while the instance and the indexer stand-in are cold. */
    @Test
    @Order(1)
    void aColdBurstAcrossManyLocksIsNotAnsweredIndexerUnavailable() throws Exception {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token = signInWhileWarmingUp(wallet);
        Map<String, String> session = Map.of("x-session-id", token);
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 0; i < COLD_LOCKS; i++) {
            LockId lock = stack.fund(wallet.address(), 32_000 + i, "1000");
            ObjectNode body = CommandApiIT.compact(wallet.address(), null, CommandApiIT.inAnHour(), lock, "10");
            for (int j = 0; j < REQUESTS_PER_COLD_LOCK; j++) {
                bodies.add(body);
            }
        }

        List<Http.Response> responses = burst(bodies, session);

        Map<String, Long> answers = outcomes(responses);
        Timer snapshots = registry().find("allocator.indexer.snapshot").timer();
        System.out.printf(
                "OverloadIT: cold burst of %d over %d locks -> %s; %d indexer queries%n",
                bodies.size(), COLD_LOCKS, answers, snapshots.count());
        assertThat(answers).doesNotContainKey("503 INDEXER_UNAVAILABLE");
        // Every lock was asked about during the burst, so the indexer client did take it.
        assertThat(snapshots.count()).isGreaterThanOrEqualTo(COLD_LOCKS);
        assertEveryAllocationWasAnswered(wallet, responses);
    }

    @Test
    @Order(2)
    void answersEveryAllocationAndRefusesTheRestHonestly() throws Exception {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token = signInWhileWarmingUp(wallet);
        LockId lock = stack.fund(wallet.address(), 31_000, Long.toString(COVERED * AMOUNT));
        ObjectNode body = CommandApiIT.compact(wallet.address(), null, CommandApiIT.inAnHour(), lock, "10");
        Map<String, String> session = Map.of("x-session-id", token);

        List<Http.Response> responses = burst(Collections.nCopies(REQUESTS, body), session);

        Map<String, Long> answers = outcomes(responses);
        Timer delivery = registry().find("allocator.reply.delivery").timer();
        System.out.printf(
                "OverloadIT: %d requests -> %s; processor decided %.0f, refused %.0f as too late;"
                        + " reply delivery max %.0f ms over %d replies%n",
                REQUESTS,
                answers,
                registry().find("allocator.processor.decide").timer().count() * 1.0,
                registry().counter("allocator.commands.expired").count(),
                delivery.max(TimeUnit.MILLISECONDS),
                delivery.count());

        // The processor must have fallen behind its deadlines, or this test showed nothing.
        assertThat(registry().counter("allocator.commands.expired").count()).isPositive();
        List<String> signed = assertEveryAllocationWasAnswered(wallet, responses);

        long remaining = (COVERED - signed.size()) * AMOUNT;
        assertThat(remaining).as("the burst must leave something to allocate").isPositive();
        long recovering = System.nanoTime();
        Http.Response rest = Http.postRetrying(
                stack.api() + "/compact",
                CommandApiIT.compact(wallet.address(), null, CommandApiIT.inAnHour(), lock, Long.toString(remaining)),
                session);
        System.out.printf(
                "OverloadIT: the remaining %d allocated %d ms after the burst%n",
                remaining, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recovering));
        assertThat(rest.status()).as(rest.raw()).isEqualTo(200);
        Http.Response beyond = Http.post(
                stack.api() + "/compact",
                CommandApiIT.compact(wallet.address(), null, CommandApiIT.inAnHour(), lock, "1"),
                session);
        assertThat(beyond.status()).as(beyond.raw()).isEqualTo(400);
    }

    /**
     * Every CompactAllocated of the wallet in the log was answered 200 and every 200 is in the
     * log; every other answer is a 4xx or a 503 with Retry-After; no reply came after its client
     * had been answered.
     *
     * @return the claim hashes answered 200
     */
    private static List<String> assertEveryAllocationWasAnswered(Wallet wallet, List<Http.Response> responses) {
        List<String> signed = responses.stream()
                .filter(r -> r.status() == 200)
                .map(r -> r.body().get("hash").asString())
                .toList();
        List<String> allocated = stack.events(wallet.address()).stream()
                .filter(e -> e.event() instanceof Event.CompactAllocated)
                .map(e -> ((Event.CompactAllocated) e.event()).claimHash().value())
                .toList();
        assertThat(allocated).containsExactlyInAnyOrderElementsOf(signed);
        assertThat(responses).filteredOn(r -> r.status() != 200).allSatisfy(r -> {
            assertThat(r.status()).as(r.raw()).isIn(400, 503);
            if (r.status() == 503) {
                assertThat(r.headers().firstValue("Retry-After")).as(r.raw()).isPresent();
            }
        });
        assertThat(registry()
                        .counter("allocator.replies.unanswered", "outcome", "allocated")
                        .count())
                .isZero();
        return signed;
    }

    /**
     * The reply timeout here is tiny, so the first transactions of a cold processor can outlast it:
     * sign in as a client would, retrying a 503, until one attempt is answered in time.
     */
    private static String signInWhileWarmingUp(Wallet wallet) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Http.Response session = wallet.trySignIn(stack.api(), CommandInstance.CHAIN);
            if (session.status() == 200 || attempt == 20) {
                assertThat(session.status()).as(session.raw()).isEqualTo(200);
                return session.body().get("session").get("id").asString();
            }
            assertThat(session.status()).as(session.raw()).isEqualTo(503);
            Thread.sleep(250);
        }
    }

    private static List<Http.Response> burst(List<ObjectNode> bodies, Map<String, String> session) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (ObjectNode body : bodies) {
                futures.add(clients.submit(() -> Http.post(stack.api() + "/compact", body, session)));
            }
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                responses.add(future.get(120, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            clients.shutdownNow();
        }
    }

    private static Map<String, Long> outcomes(List<Http.Response> responses) {
        return new TreeMap<>(
                responses.stream().collect(Collectors.groupingBy(OverloadIT::outcome, Collectors.counting())));
    }

    private static String outcome(Http.Response response) {
        return response.status() == 200
                ? "200"
                : response.status() + " "
                        + (response.body() == null
                                ? "?"
                                : response.body().path("code").asString());
    }

    private static MeterRegistry registry() {
        return stack.instances().get(0).bean(MeterRegistry.class);
    }
}

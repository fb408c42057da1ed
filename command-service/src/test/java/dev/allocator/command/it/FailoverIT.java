package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kill -9 one of three instances in the middle of a load run. Clients behave like the gateway:
 * on a dropped connection or a 503 they retry elsewhere with the same Idempotency-Key. Nothing
 * acknowledged may be lost, nothing may be allocated twice, no lock may ever be over-allocated.
 */
@ExtendWith(KafkaBroker.class)
class FailoverIT {
    static final ChainId CHAIN = CommandInstance.CHAIN;
    static final long ALLOCATOR_ID = CommandInstance.ALLOCATOR_ID;
    static final int SPONSORS = 6;
    static final int COVERED_PER_SPONSOR = 30;
    static final int REQUESTS_PER_SPONSOR = 60;
    static final long AMOUNT = 10;

    static IndexerStandIn indexer;
    static final List<ChildInstance> instances = new ArrayList<>();
    static Map<String, Object> settings;

    @BeforeAll
    static void start() throws InterruptedException {
        indexer = CommandInstance.indexerWithThisAllocator();
        settings = new HashMap<>(CommandInstance.settings(
                KafkaBroker.bootstrapServers(), indexer.url().toString(), "failover"));
        settings.remove("server.port");
        settings.put("allocator.messaging.session-timeout", "6s");
        settings.put("allocator.messaging.reply-timeout", "3s");
        for (int i = 0; i < 3; i++) {
            instances.add(ChildInstance.start(settings, "instance-" + i));
        }
        for (ChildInstance instance : instances) {
            instance.awaitHealthy(Duration.ofSeconds(180));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ChildInstance instance : instances) {
            instance.close();
        }
        if (indexer != null) {
            indexer.close();
        }
    }

    record Sponsor(Wallet wallet, String token, LockId lock) {}

    @Test
    void losesNothingAndNeverOverAllocatesWhenAnInstanceIsKilled() throws Exception {
        List<Sponsor> sponsors = new ArrayList<>();
        for (int i = 0; i < SPONSORS; i++) {
            Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
            String token = wallet.signIn(instances.get(0).baseUrl(), CHAIN);
            LockId lock = Locks.lock(7, ALLOCATOR_ID, Locks.token(20_000 + i));
            indexer.ledger()
                    .deposit(
                            CHAIN,
                            wallet.address(),
                            lock,
                            Uint256.of(COVERED_PER_SPONSOR * AMOUNT),
                            Instant.now().minusSeconds(3600));
            sponsors.add(new Sponsor(wallet, token, lock));
        }

        Set<Integer> seenStatuses = ConcurrentHashMap.newKeySet();
        AtomicInteger submitted = new AtomicInteger();
        ChildInstance victim = instances.get(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Http.Response>> futures = new ArrayList<>();
        List<Sponsor> order = new ArrayList<>();
        for (int r = 0; r < REQUESTS_PER_SPONSOR; r++) {
            order.addAll(sponsors);
        }
        Collections.shuffle(order, new java.util.Random(42));
        for (int i = 0; i < order.size(); i++) {
            Sponsor sponsor = order.get(i);
            String key = "req-" + i;
            futures.add(pool.submit(() -> {
                submitted.incrementAndGet();
                return sendUntilDecided(sponsor, key, seenStatuses);
            }));
        }
        while (submitted.get() < order.size() / 3) {
            Thread.sleep(20);
        }
        victim.kill();

        Map<Address, List<Http.Response>> bySponsor = new HashMap<>();
        for (int i = 0; i < futures.size(); i++) {
            bySponsor
                    .computeIfAbsent(order.get(i).wallet().address(), a -> new ArrayList<>())
                    .add(futures.get(i).get());
        }
        pool.shutdown();

        assertThat(seenStatuses).isSubsetOf(200, 400, 503);
        List<EventEnvelope> log = EventLog.readAll(
                KafkaBroker.bootstrapServers(), (String) settings.get("allocator.messaging.topics.events"));
        for (Sponsor sponsor : sponsors) {
            List<Http.Response> responses = bySponsor.get(sponsor.wallet().address());
            List<String> signed = responses.stream()
                    .filter(r -> r.status() == 200)
                    .map(r -> r.body().get("hash").asString())
                    .toList();
            assertThat(responses)
                    .allSatisfy(r -> assertThat(r.status()).as(r.raw()).isIn(200, 400));
            assertThat(signed).hasSize(COVERED_PER_SPONSOR).doesNotHaveDuplicates();

            List<EventEnvelope> events = log.stream()
                    .filter(e -> e.sponsor().equals(sponsor.wallet().address()))
                    .toList();
            assertThat(events)
                    .extracting(EventEnvelope::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size())
                            .boxed()
                            .toList());
            List<Event.CompactAllocated> allocations = events.stream()
                    .filter(e -> e.event() instanceof Event.CompactAllocated)
                    .map(e -> (Event.CompactAllocated) e.event())
                    .toList();
            assertThat(allocations.stream().map(a -> a.claimHash().value()).toList())
                    .containsExactlyInAnyOrderElementsOf(signed);
            BigInteger running = BigInteger.ZERO;
            for (Event.CompactAllocated allocation : allocations) {
                running = running.add(allocation.compact().amount().value());
                assertThat(running)
                        .isLessThanOrEqualTo(allocation.snapshot().allocatable().value());
            }
        }
        assertThat(victim.isAlive()).isFalse();
    }

    /** One client request, retried like a gateway would until it gets a decision (bounded). */
    private Http.Response sendUntilDecided(Sponsor sponsor, String key, Set<Integer> seenStatuses)
            throws InterruptedException {
        ObjectNode body = CommandApiIT.compact(
                sponsor.wallet().address(),
                null,
                Instant.now().getEpochSecond() + 3600,
                sponsor.lock(),
                Long.toString(AMOUNT));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int attempt = 0;
        while (true) {
            ChildInstance target = instances.get(Math.floorMod(key.hashCode() + attempt++, instances.size()));
            if (!target.isAlive()) {
                continue;
            }
            try {
                Http.Response response = Http.post(
                        target.baseUrl() + "/compact",
                        body,
                        Map.of("x-session-id", sponsor.token(), "Idempotency-Key", key));
                seenStatuses.add(response.status());
                if (response.status() != 503) {
                    return response;
                }
            } catch (UncheckedIOException e) {
                // the connection died with the instance: the gateway retries elsewhere
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no decision for " + key + " within two minutes");
            }
            Thread.sleep(200);
        }
    }
}

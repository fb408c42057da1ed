package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;

/**
 * The product's promise under contention: 200 concurrent requests against a lock that covers 50
 * yield exactly 50 signatures, through one instance and through three sharing one broker. On a
 * machine too slow to decide them all in time some are answered 503 first; like real clients,
 * they retry with the same Idempotency-Key, and the count is still exactly 50.
 */
@ExtendWith(KafkaBroker.class)
class ConcurrentAllocationIT {
    static final ChainId CHAIN = CommandInstance.CHAIN;
    static final long ALLOCATOR_ID = CommandInstance.ALLOCATOR_ID;
    static final int REQUESTS = 200;
    static final int COVERED = 50;

    static CommandStack stack;

    @BeforeAll
    static void start() {
        stack = CommandStack.start("concurrent", 3);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void signsExactlyWhatTheBalanceCoversThroughOneInstance() throws Exception {
        assertExactlyCoveredAreSigned(List.of(stack.api()), 1);
    }

    @Test
    void signsExactlyWhatTheBalanceCoversThroughThreeInstances() throws Exception {
        assertExactlyCoveredAreSigned(
                stack.instances().stream().map(CommandInstance::baseUrl).toList(), 2);
    }

    private void assertExactlyCoveredAreSigned(List<String> apis, int tokenSeed) throws Exception {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token = wallet.signIn(apis.get(0), CHAIN);
        LockId lock = Locks.lock(7, ALLOCATOR_ID, Locks.token(10_000 + tokenSeed));
        stack.indexer()
                .ledger()
                .deposit(
                        CHAIN,
                        wallet.address(),
                        lock,
                        Uint256.of(COVERED * 10L),
                        Instant.now().minusSeconds(3600));
        ObjectNode body =
                CommandApiIT.compact(wallet.address(), null, Instant.now().getEpochSecond() + 3600, lock, "10");

        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<Http.Response>> futures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String api = apis.get(i % apis.size());
            // As clients are told to: a 503 is retried after Retry-After, with the same key.
            Map<String, String> headers =
                    Map.of("x-session-id", token, "Idempotency-Key", "concurrent-" + tokenSeed + "-" + i);
            futures.add(pool.submit(() -> Http.postRetrying(api + "/compact", body, headers)));
        }
        List<Http.Response> responses = new ArrayList<>();
        for (Future<Http.Response> future : futures) {
            responses.add(future.get());
        }
        pool.shutdown();

        List<Http.Response> signed =
                responses.stream().filter(r -> r.status() == 200).toList();
        List<Http.Response> refused =
                responses.stream().filter(r -> r.status() == 400).toList();
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.raw()).isIn(200, 400));
        assertThat(signed).hasSize(COVERED);
        assertThat(refused).hasSize(REQUESTS - COVERED);
        assertThat(refused)
                .allSatisfy(
                        r -> assertThat(r.error()).startsWith("Insufficient allocatable balance (have 500, need 510)"));
        assertThat(signed.stream().map(r -> r.body().get("nonce").asString()).distinct())
                .hasSize(COVERED);

        List<EventEnvelope> allocated = EventLog.readAll(KafkaBroker.bootstrapServers(), stack.eventsTopic()).stream()
                .filter(e -> e.sponsor().equals(wallet.address()))
                .filter(e -> e.event() instanceof Event.CompactAllocated)
                .toList();
        assertThat(allocated).hasSize(COVERED);
        assertThat(allocated.stream()
                        .map(e ->
                                ((Event.CompactAllocated) e.event()).claimHash().value()))
                .containsExactlyInAnyOrderElementsOf(signed.stream()
                        .map(r -> r.body().get("hash").asString())
                        .toList());
    }
}

package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.LockId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The first load after a start, when every partition of fresh topics sees its first transaction:
 * the broker may answer the processor's producer with CONCURRENT_TRANSACTIONS while the previous
 * transaction's markers are still being written, and a pipelined batch behind the refused one
 * with OutOfOrderSequence, which the broker logs at ERROR. Both are retriable for an idempotent,
 * transactional producer (it resends in sequence order, or the transaction aborts and the task
 * reprocesses from its committed offset). This test loads many sponsors at once on fresh topics
 * through two instances and checks that, whatever the broker logged, no decision is lost or made
 * twice: every answer is in the log exactly once, every sequence is gap-free, and no nonce is
 * signed twice.
 */
@ExtendWith(KafkaBroker.class)
class FirstLoadIT {
    static final int SPONSORS = 24;
    static final int COMPACTS_EACH = 8;

    static CommandStack stack;

    @BeforeAll
    static void start() {
        stack = CommandStack.start("first-" + UUID.randomUUID(), 2);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void losesAndDuplicatesNoDecisionOnTheFirstLoad() throws Exception {
        ListAppender<ILoggingEvent> brokerLog = new ListAppender<>();
        brokerLog.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(brokerLog);
        List<Wallet> wallets = new ArrayList<>();
        Map<Wallet, String> tokens = new HashMap<>();
        Map<Wallet, LockId> locks = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<?>> signIns = new ArrayList<>();
            for (int i = 0; i < SPONSORS; i++) {
                Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
                wallets.add(wallet);
                String api = stack.instances().get(i % 2).baseUrl();
                signIns.add(pool.submit(() -> {
                    String token = wallet.signIn(api, CommandInstance.CHAIN);
                    synchronized (tokens) {
                        tokens.put(wallet, token);
                    }
                }));
                locks.put(wallet, stack.fund(wallet.address(), 20_000 + i, "1000"));
            }
            for (Future<?> signIn : signIns) {
                signIn.get();
            }

            Map<Wallet, List<Future<Http.Response>>> answers = new HashMap<>();
            for (int round = 0; round < COMPACTS_EACH; round++) {
                for (int i = 0; i < SPONSORS; i++) {
                    Wallet wallet = wallets.get(i);
                    String api = stack.instances().get((i + round) % 2).baseUrl();
                    ObjectNode body = CompactRequests.body(
                            wallet.address(),
                            null,
                            Instant.now().getEpochSecond() + 3600,
                            locks.get(wallet),
                            "1",
                            CommandInstance.CHAIN);
                    Map<String, String> headers = Map.of(
                            "x-session-id",
                            tokens.get(wallet),
                            "Idempotency-Key",
                            UUID.randomUUID().toString());
                    answers.computeIfAbsent(wallet, w -> new ArrayList<>())
                            .add(pool.submit(() -> untilDecided(api, body, headers)));
                }
            }

            Map<Wallet, List<String>> signedBy = new HashMap<>();
            for (Wallet wallet : wallets) {
                for (Future<Http.Response> answer : answers.get(wallet)) {
                    Http.Response response = answer.get();
                    assertThat(response.status()).as(response.raw()).isEqualTo(200);
                    signedBy.computeIfAbsent(wallet, w -> new ArrayList<>())
                            .add(response.body().get("hash").asString());
                }
            }
            List<EventEnvelope> log = EventLog.readAll(KafkaBroker.bootstrapServers(), stack.eventsTopic());
            for (Wallet wallet : wallets) {
                List<String> signed = signedBy.get(wallet);
                List<EventEnvelope> mine = log.stream()
                        .filter(e -> e.sponsor().equals(wallet.address()))
                        .toList();
                assertThat(mine)
                        .extracting(EventEnvelope::sequence)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, mine.size()).boxed().toList());
                List<Event.CompactAllocated> allocated = mine.stream()
                        .map(EventEnvelope::event)
                        .filter(Event.CompactAllocated.class::isInstance)
                        .map(Event.CompactAllocated.class::cast)
                        .toList();
                assertThat(allocated)
                        .extracting(a -> a.claimHash().value())
                        .containsExactlyInAnyOrderElementsOf(signed);
                assertThat(allocated.stream().map(a -> a.compact().nonce()).collect(Collectors.toSet()))
                        .hasSize(COMPACTS_EACH);
            }
        } finally {
            pool.shutdownNow();
            root.detachAppender(brokerLog);
        }
        long outOfOrder = brokerLog.list.stream()
                .filter(e -> e.getFormattedMessage().contains("OutOfOrderSequence")
                        || (e.getThrowableProxy() != null
                                && e.getThrowableProxy().getClassName().contains("OutOfOrderSequence")))
                .count();
        System.out.printf("FirstLoadIT: %d broker log lines about OutOfOrderSequence during the load%n", outOfOrder);
    }

    /** A client's loop: a 503 is retried with the same Idempotency-Key until the decision is known. */
    private static Http.Response untilDecided(String api, ObjectNode body, Map<String, String> headers) {
        Http.Response response = Http.post(api + "/compact", body, headers);
        for (int attempt = 0; attempt < 20 && response.status() == 503; attempt++) {
            response = Http.post(api + "/compact", body, headers);
        }
        return response;
    }
}

package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rolling update of docs/deployment.md under load: two command-service instances are
 * replaced one at a time (start the new one, wait for its readiness, stop the old one) while
 * clients keep signing in and allocating. The client side is the load balancer: it sends only to
 * instances whose {@code /actuator/health/readiness} it last saw UP, polled every 100 ms, and never
 * retries. A stopping instance turns OUT_OF_SERVICE first, keeps serving for the drain delay, then
 * drains its requests in flight. Every request must succeed, and the log must hold exactly one
 * allocation per acknowledged compact.
 */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class RollingUpdateIT {
    private static final int CLIENTS = 4;
    private static final long AMOUNT = 10;

    record Outcome(String what, int status, String detail) {}

    @Test
    void replacesEveryInstanceOneByOneUnderLoadWithoutAFailedRequest() throws Exception {
        IndexerStandIn indexer = CommandInstance.indexerWithThisAllocator();
        Map<String, Object> settings = new HashMap<>(CommandInstance.settings(
                KafkaBroker.bootstrapServers(), indexer.url().toString(), "rolling"));
        // Three polls of the balancer below, plus a margin.
        settings.put("allocator.shutdown.drain-delay", "1s");
        // What is under test is the hand-over, not the speed of a shared CI machine: a decision
        // delayed by an overloaded host must not count as a failed request here.
        settings.put("allocator.messaging.reply-timeout", "20s");
        Balancer balancer = new Balancer();
        List<CommandInstance> old = new ArrayList<>();
        List<CommandInstance> replacements = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int i = 0; i < 2; i++) {
                CommandInstance instance = CommandInstance.start(settings);
                old.add(instance);
                balancer.add(instance.baseUrl());
            }
            balancer.awaitReady(2, Duration.ofSeconds(60));

            List<Client> load = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
                LockId lock = Locks.lock(7, CommandInstance.ALLOCATOR_ID, Locks.token(30_000 + i));
                indexer.ledger()
                        .deposit(
                                CommandInstance.CHAIN,
                                wallet.address(),
                                lock,
                                Uint256.of(1_000_000),
                                Instant.now().minusSeconds(3600));
                load.add(new Client(wallet, lock, balancer));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> running = new ArrayList<>();
            for (Client client : load) {
                running.add(clients.submit(() -> client.run(stop)));
            }
            awaitSigned(load, 2 * CLIENTS, Duration.ofSeconds(90));

            // The documented procedure, one instance at a time.
            for (CommandInstance leaving : old) {
                CommandInstance next = CommandInstance.start(settings);
                replacements.add(next);
                balancer.add(next.baseUrl());
                balancer.awaitReady(balancer.size(), Duration.ofSeconds(60));
                int before = signed(load);
                String leavingUrl = leaving.baseUrl(); // a closed context no longer knows its port
                leaving.close(); // readiness OUT_OF_SERVICE, drain delay, graceful drain, leave the group
                balancer.remove(leavingUrl);
                awaitSigned(load, before + CLIENTS, Duration.ofSeconds(90));
            }
            awaitSigned(load, signed(load) + CLIENTS, Duration.ofSeconds(90));
            stop.set(true);
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }

            List<Outcome> failures = new ArrayList<>();
            load.forEach(client -> failures.addAll(client.failures));
            assertThat(failures).as("requests that did not succeed").isEmpty();
            assertThat(balancer.servedBy).as("both generations served").hasSizeGreaterThanOrEqualTo(4);

            List<EventEnvelope> log = EventLog.readAll(
                    KafkaBroker.bootstrapServers(), (String) settings.get("allocator.messaging.topics.events"));
            int total = 0;
            for (Client client : load) {
                List<String> allocated = log.stream()
                        .filter(e -> e.sponsor().equals(client.wallet.address()))
                        .filter(e -> e.event() instanceof Event.CompactAllocated)
                        .map(e ->
                                ((Event.CompactAllocated) e.event()).claimHash().value())
                        .toList();
                assertThat(allocated)
                        .as("compacts signed for %s equal the compacts requested", client.wallet.address())
                        .hasSize(client.requested.get())
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(client.signed);
                total += allocated.size();
            }
            assertThat(total).isEqualTo(signed(load)).isPositive();
        } finally {
            clients.shutdownNow();
            balancer.close();
            replacements.forEach(CommandInstance::close);
            old.forEach(instance -> {
                try {
                    instance.close();
                } catch (RuntimeException ignored) {
                    // already closed by the procedure
                }
            });
            indexer.close();
        }
    }

    private static int signed(List<Client> load) {
        return load.stream().mapToInt(client -> client.signed.size()).sum();
    }

    private static void awaitSigned(List<Client> load, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (signed(load) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " compacts signed in " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** One client: signs in, allocates a few compacts, signs in again; never retries. */
    static final class Client {
        final Wallet wallet;
        final LockId lock;
        final Balancer balancer;
        final AtomicInteger requested = new AtomicInteger();
        final List<String> signed = new CopyOnWriteArrayList<>();
        final List<Outcome> failures = new CopyOnWriteArrayList<>();

        Client(Wallet wallet, LockId lock, Balancer balancer) {
            this.wallet = wallet;
            this.lock = lock;
            this.balancer = balancer;
        }

        void run(AtomicBoolean stop) {
            while (!stop.get()) {
                String session = signIn();
                if (session == null) {
                    continue;
                }
                for (int i = 0; i < 4 && !stop.get(); i++) {
                    allocate(session);
                }
            }
        }

        private String signIn() {
            String api = balancer.pick();
            try {
                Http.Response answer = wallet.trySignIn(api, CommandInstance.CHAIN);
                if (answer.status() == 200) {
                    return answer.body().get("session").get("id").asString();
                }
                failures.add(new Outcome("sign-in via " + api, answer.status(), answer.raw()));
            } catch (RuntimeException | AssertionError e) {
                failures.add(new Outcome("sign-in via " + api, -1, e.toString()));
            }
            return null;
        }

        private void allocate(String session) {
            String api = balancer.pick();
            requested.incrementAndGet();
            try {
                Http.Response answer = Http.post(
                        api + "/compact",
                        CommandApiIT.compact(
                                wallet.address(),
                                null,
                                Instant.now().getEpochSecond() + 3600,
                                lock,
                                Long.toString(AMOUNT)),
                        Map.of("x-session-id", session));
                if (answer.status() == 200) {
                    signed.add(answer.body().get("hash").asString());
                } else {
                    failures.add(new Outcome("compact via " + api, answer.status(), answer.raw()));
                }
            } catch (RuntimeException e) {
                failures.add(new Outcome("compact via " + api, -1, e.toString()));
            }
        }
    }

    /**
     * The load balancer: round robin over the members whose readiness answered 200 at the last
     * poll, as nginx with active health checks or a Kubernetes Service would.
     */
    static final class Balancer implements AutoCloseable {
        private final Map<String, Boolean> members = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        private final Thread poller;
        private volatile boolean open = true;
        final Set<String> servedBy = ConcurrentHashMap.newKeySet();

        Balancer() {
            poller = new Thread(this::poll, "readiness-poller");
            poller.setDaemon(true);
            poller.start();
        }

        void add(String baseUrl) {
            members.put(baseUrl, false);
        }

        void remove(String baseUrl) {
            members.remove(baseUrl);
        }

        int size() {
            return members.size();
        }

        String pick() {
            while (true) {
                List<String> ready = members.entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList();
                if (!ready.isEmpty()) {
                    String chosen = ready.get(Math.floorMod(next.getAndIncrement(), ready.size()));
                    servedBy.add(chosen);
                    return chosen;
                }
                pause(10);
            }
        }

        void awaitReady(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (members.values().stream().filter(Boolean::booleanValue).count() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("fewer than " + count + " ready instances: " + members);
                }
                pause(50);
            }
        }

        private void poll() {
            while (open) {
                for (String member : members.keySet()) {
                    boolean ready = ready(member);
                    members.computeIfPresent(member, (url, was) -> ready);
                }
                pause(100);
            }
        }

        private static boolean ready(String member) {
            try {
                return Http.get(member + "/actuator/health/readiness", Map.of()).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }
}

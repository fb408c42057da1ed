package dev.allocator.indexer.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DEVELOPMENT STAND-IN for The Compact indexer, not the indexer. It answers the allocator's
 * GraphQL queries with the indexer's type names, field names and encodings over an in-memory
 * {@link Ledger}, and changes that ledger only through a development API that mirrors chain
 * events. Every response carries {@code X-Indexer: development-stand-in}.
 *
 * <p>Endpoints: POST {@code /} and {@code /graphql} (GraphQL); GET {@code /health}, {@code
 * /ready}; POST {@code /dev/deposit}, {@code /dev/transfer}, {@code /dev/forced-withdrawal},
 * {@code /dev/claim}, {@code /dev/register-allocator}; GET {@code /dev/state}.
 *
 * <pre>{@code
 * try (IndexerStandIn standIn = IndexerStandIn.builder().build().start()) {
 *     standIn.registerOnDemoChains(allocator);
 *     standIn.ledger().deposit(ChainId.of(1), sponsor, lockId, Uint256.of(100));
 *     // point a client (infra/libraries/indexer-client) at standIn.url()
 * }
 * }</pre>
 */
public final class IndexerStandIn implements AutoCloseable {
    /** The chains the demo seed and {@link #registerOnDemoChains} use: Ethereum, Optimism, Base. */
    public static final List<ChainId> DEMO_CHAINS = List.of(ChainId.of(1), ChainId.of(10), ChainId.of(8453));

    /** The classpath resource {@link #seedDemo} reads. */
    public static final String DEMO_SEED = "standin/seed.json";

    private static final Logger LOG = LoggerFactory.getLogger(IndexerStandIn.class);

    private final String host;
    private final int requestedPort;
    private final Ledger ledger;
    private HttpServer server;
    private ExecutorService executor;

    private IndexerStandIn(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.ledger = new Ledger(builder.clock);
        builder.registrations.forEach(registration -> registration.accept(ledger));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and serves; returns this for chaining. */
    public synchronized IndexerStandIn start() {
        if (server != null) {
            throw new IllegalStateException("the stand-in is already running at " + url());
        }
        try {
            // The JDK server leaves Nagle on: a response written in two parts then waits for the
            // client's delayed ACK, 40 ms a request on loopback. Read once, by the first server in the JVM.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + host + ":" + requestedPort, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "indexer-standin-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        GraphQlHandler graphQl = new GraphQlHandler(ledger);
        DevApi devApi = new DevApi(ledger);
        server.createContext("/", exchange -> route(exchange, graphQl, devApi));
        server.setExecutor(executor);
        server.start();
        LOG.warn(
                "The Compact indexer DEVELOPMENT STAND-IN (not the real indexer) serves GraphQL at {}/graphql;"
                        + " its ledger changes only through {}/dev/*",
                url(),
                url());
        return this;
    }

    private static void route(HttpExchange exchange, GraphQlHandler graphQl, DevApi devApi) throws IOException {
        try {
            if (exchange.getRequestURI().getPath().startsWith("/dev/")) {
                devApi.handle(exchange);
            } else {
                graphQl.handle(exchange);
            }
        } catch (RuntimeException e) {
            LOG.error("the stand-in failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            Exchanges.error(exchange, 500, "stand-in failure: " + e.getMessage());
        }
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:4000}; clients post to {@code url()/graphql}. */
    public synchronized URI url() {
        if (server == null) {
            throw new IllegalStateException("the stand-in is not running");
        }
        return URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    /** The port it is bound to (useful after asking for port 0). */
    public synchronized int port() {
        return url().getPort();
    }

    /** The ledger, for tests to write chain history directly instead of over HTTP. */
    public Ledger ledger() {
        return ledger;
    }

    /**
     * Test fault: GraphQL answers {@code served} as the account's balance on the lock from now on
     * (for example 2^256, which no chain can hold), while the ledger keeps the real one. For testing
     * that a client refuses one lock's odd data without blaming the indexer as a whole.
     *
     * @throws IllegalStateException when the account never held the lock
     */
    public void serveOddBalance(ChainId chainId, Address account, LockId lockId, BigInteger served) {
        ledger.serveOddBalance(chainId, account, lockId, served);
    }

    /** The GraphQL schema it serves, in SDL. */
    public static String schema() {
        return PonderSdl.sdl();
    }

    /**
     * Registers the allocator on every demo chain under the id The Compact would give it ({@link
     * LockIds#allocatorIdOf}).
     */
    public List<Ledger.SupportedChain> registerOnDemoChains(Address allocator) {
        List<Ledger.SupportedChain> registrations = new ArrayList<>();
        for (ChainId chain : DEMO_CHAINS) {
            registrations.add(ledger.registerAllocator(chain, allocator, LockIds.allocatorIdOf(allocator)));
        }
        return registrations;
    }

    /**
     * Registers the allocator on the demo chains and makes the deposits of {@link #DEMO_SEED}:
     * funds for the well-known development accounts in locks under this allocator.
     */
    public void seedDemo(Address allocator) {
        DemoSeed.load(DEMO_SEED).apply(this, allocator);
    }

    /** Stops serving; the ledger stays readable. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            LOG.info("The Compact indexer development stand-in stopped");
            server = null;
        }
    }

    /**
     * Runs the stand-in for the local stack. Arguments: {@code --host} (127.0.0.1), {@code --port}
     * (4000), {@code --allocator 0x…} (also {@code ALLOCATOR_ADDRESS}) to register it on the demo
     * chains and seed demo deposits, {@code --no-seed} to start empty.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder().port(4000);
        String allocator = System.getenv("ALLOCATOR_ADDRESS");
        boolean seed = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> builder.host(args[++i]);
                case "--port" -> builder.port(Integer.parseInt(args[++i]));
                case "--allocator" -> allocator = args[++i];
                case "--no-seed" -> seed = false;
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + " (expected --host, --port, --allocator, --no-seed)");
            }
        }
        IndexerStandIn standIn = builder.build().start();
        if (seed && allocator != null && !allocator.isBlank()) {
            standIn.seedDemo(Address.of(allocator.toLowerCase(Locale.ROOT)));
            LOG.info("seeded demo deposits for allocator {} on chains {}", allocator, DEMO_CHAINS);
        } else {
            LOG.info("ledger starts empty; POST /dev/register-allocator and /dev/deposit to fill it");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Options; the defaults serve on an ephemeral port of 127.0.0.1 with the system clock. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private Supplier<Instant> clock = Instant::now;
        private final List<java.util.function.Consumer<Ledger>> registrations = new ArrayList<>();

        private Builder() {}

        /**
         * Starts with {@code allocator} registered on {@code chain} under {@code allocatorId}, as a
         * client that brings its own key (a test, a load run) needs it.
         */
        public Builder registeredAllocator(ChainId chain, Address allocator, java.math.BigInteger allocatorId) {
            registrations.add(ledger -> ledger.registerAllocator(chain, allocator, allocatorId));
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The stand-in's now: default block timestamps and forced-withdrawal times. */
        public Builder clock(Supplier<Instant> clock) {
            this.clock = clock;
            return this;
        }

        public IndexerStandIn build() {
            return new IndexerStandIn(this);
        }
    }
}

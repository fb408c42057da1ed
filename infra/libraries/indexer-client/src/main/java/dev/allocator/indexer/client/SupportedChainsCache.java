package dev.allocator.indexer.client;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The allocator's supported chains (GetSupportedChains), held in memory and refreshed in the
 * background every {@code refreshEvery}. A failed refresh keeps the last good copy. Once a copy
 * is loaded, readers never wait on the indexer; before that, the first reader makes one load
 * attempt and fails with {@link IndexerUnavailableException} if it fails too. Until the first
 * success, background attempts come every {@code min(refreshEvery, 5 s)}.
 *
 * <p>The time is the caller's: {@code clock} supplies it (only to stamp {@link Status}).
 */
public final class SupportedChainsCache implements AutoCloseable {
    private static final Duration RETRY_UNTIL_LOADED = Duration.ofSeconds(5);

    private final Indexer indexer;
    private final Address allocator;
    private final Duration refreshEvery;
    private final Supplier<Instant> clock;
    private final Object loading = new Object();
    private volatile Status status = new Status(false, List.of(), null, null, null);
    private ScheduledExecutorService scheduler;

    public SupportedChainsCache(Indexer indexer, Address allocator, Duration refreshEvery, Supplier<Instant> clock) {
        if (refreshEvery.isNegative() || refreshEvery.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive");
        }
        this.indexer = indexer;
        this.allocator = allocator;
        this.refreshEvery = refreshEvery;
        this.clock = clock;
    }

    /**
     * What the cache knows, for health checks.
     *
     * @param loaded whether any refresh ever succeeded
     * @param chains the last good copy, empty before the first success
     * @param lastSuccess when the last good copy was fetched, or null
     * @param lastAttempt when the last refresh was tried, or null
     * @param lastError why the last refresh failed, or null when it succeeded
     */
    public record Status(
            boolean loaded, List<SupportedChain> chains, Instant lastSuccess, Instant lastAttempt, String lastError) {
        public Status {
            chains = List.copyOf(chains);
        }

        /** Loaded, and the copy is younger than {@code maxAge} at {@code now}. */
        public boolean freshAt(Instant now, Duration maxAge) {
            return loaded && !lastSuccess.plus(maxAge).isBefore(now);
        }
    }

    /** Loads in the background now and then every {@code refreshEvery}. */
    public synchronized SupportedChainsCache start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "supported-chains-refresh");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.execute(this::refreshAndReschedule);
        }
        return this;
    }

    private void refreshAndReschedule() {
        refresh();
        Duration next =
                status.loaded() || refreshEvery.compareTo(RETRY_UNTIL_LOADED) < 0 ? refreshEvery : RETRY_UNTIL_LOADED;
        synchronized (this) {
            if (scheduler != null && !scheduler.isShutdown()) {
                scheduler.schedule(this::refreshAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Asks the indexer now, on the caller's thread. On success replaces the copy; on failure keeps
     * it and records the error.
     *
     * @return whether the refresh succeeded
     */
    public boolean refresh() {
        Instant attempt = clock.get();
        try {
            List<SupportedChain> fresh = indexer.supportedChains(allocator);
            status = new Status(true, fresh, attempt, attempt, null);
            return true;
        } catch (RuntimeException e) {
            Status last = status;
            status = new Status(
                    last.loaded(), last.chains(), last.lastSuccess(), attempt, String.valueOf(e.getMessage()));
            return false;
        }
    }

    /**
     * The chains, from the last good copy.
     *
     * @throws IndexerUnavailableException when no copy was ever loaded and loading now fails
     */
    public List<SupportedChain> chains() {
        Status current = status;
        if (current.loaded()) {
            return current.chains();
        }
        synchronized (loading) {
            if (!status.loaded() && !refresh()) {
                throw new IndexerUnavailableException("supported chains were never loaded: " + status.lastError());
            }
        }
        return status.chains();
    }

    /** This allocator's registration on the chain, if it has one. */
    public Optional<SupportedChain> chain(ChainId chainId) {
        return chains().stream()
                .filter(chain -> chain.chainId().equals(chainId))
                .findFirst();
    }

    public Status status() {
        return status;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}

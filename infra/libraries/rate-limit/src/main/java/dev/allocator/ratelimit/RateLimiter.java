package dev.allocator.ratelimit;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.value.Address;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Takes one token from a subject's bucket for a group. The buckets live in PostgreSQL so the
 * limits hold for the deployment; when PostgreSQL does not answer within the timeout the check
 * falls back to this instance's own buckets for a while: allocation stays available, and the
 * per-instance buckets still bound a flood to (instances × limit).
 */
public class RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long LOG_EVERY_MILLIS = 60_000;
    /** Consecutive failed or timed-out shared checks before the instance holds to its own buckets. */
    static final int FAULTS_BEFORE_HOLD = 3;

    private final RateLimitProperties properties;
    private final Buckets.Shared shared;
    private final Buckets.Local local = new Buckets.Local();
    private final ExecutorService database;
    private final ApplicationEventPublisher events;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter fallbacks;
    private final Timer sharedChecks;
    private final Timer localChecks;
    private final AtomicLong sharedDownUntil = new AtomicLong();
    private final AtomicInteger faultsInARow = new AtomicInteger();
    private final AtomicLong lastFaultLog = new AtomicLong(-LOG_EVERY_MILLIS);

    RateLimiter(
            RateLimitProperties properties,
            Buckets.Shared shared,
            ExecutorService database,
            ApplicationEventPublisher events,
            MeterRegistry registry,
            Clock clock) {
        this.properties = properties;
        this.shared = shared;
        this.database = database;
        this.events = events;
        this.registry = registry;
        this.clock = clock;
        this.fallbacks = Counter.builder("allocator.rate.limit.fallback")
                .description(
                        "Rate-limit checks decided by the instance's own buckets because PostgreSQL did not answer")
                .register(registry);
        this.sharedChecks = checkTimer("shared");
        this.localChecks = checkTimer("local");
    }

    private Timer checkTimer(String store) {
        return Timer.builder("allocator.rate.limit.check")
                .description("Time to take a token from a rate-limit bucket")
                .tag("store", store)
                .register(registry);
    }

    /** Empty when the subject has no limit in this group. */
    public Optional<Verdict> check(Subject subject, RateLimitGroup group) {
        Optional<Limit> configured = properties.limitFor(subject, group);
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        Limit limit = configured.get();
        String id = group.label() + ":" + subject.tier().label() + ":" + subject.hash() + ":" + limit.fingerprint();
        ConsumptionProbe probe = take(id, limit);
        long remaining = Math.max(0, probe.getRemainingTokens());
        Verdict verdict = new Verdict(
                probe.isConsumed(),
                limit.capacity(),
                remaining,
                limit.secondsToRefill(limit.capacity() - remaining),
                probe.isConsumed() ? 0 : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
        if (!verdict.allowed()) {
            registry.counter(
                            "allocator.rate.limited",
                            "group",
                            group.label(),
                            "tier",
                            subject.tier().label())
                    .increment();
            events.publishEvent(new RateLimitRejected(subject, group.label(), clock.instant()));
        }
        return Optional.of(verdict);
    }

    /**
     * The per-sponsor limit, called right after a session token was accepted. Skipped when an API
     * key already counted the request (the key's quota covers the sponsors it acts for). Refuses
     * with 429 {@code RATE_LIMITED}; the rate-limit headers go on the current response either way.
     */
    public void checkSponsor(Address sponsor) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return;
        }
        HttpServletRequest request = attributes.getRequest();
        if (request.getAttribute(RateLimitFilter.GROUP) instanceof RateLimitGroup group) {
            checkSponsor(sponsor, group);
        }
    }

    public void checkSponsor(Address sponsor, RateLimitGroup group) {
        ServletRequestAttributes attributes =
                RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a : null;
        if (attributes != null
                && attributes.getRequest().getAttribute(RateLimitFilter.SUBJECT) instanceof Subject s
                && s.tier() != Tier.ANONYMOUS) {
            return;
        }
        Optional<Verdict> verdict = check(new Subject(Tier.SPONSOR, sponsor.lowercase()), group);
        if (verdict.isEmpty()) {
            return;
        }
        HttpServletResponse response = attributes == null ? null : attributes.getResponse();
        if (response != null) {
            RateLimitHeaders.applyTightest(response, verdict.get());
        }
        if (!verdict.get().allowed()) {
            throw new ApiException(CommonErrorCode.RATE_LIMITED);
        }
    }

    private ConsumptionProbe take(String id, Limit limit) {
        long now = System.currentTimeMillis();
        if (now < sharedDownUntil.get()) {
            return takeLocally(id, limit);
        }
        long started = System.nanoTime();
        Future<ConsumptionProbe> pending = null;
        try {
            pending = database.submit(() -> shared.take(id, limit));
            ConsumptionProbe probe = pending.get(properties.databaseTimeout().toNanos(), TimeUnit.NANOSECONDS);
            sharedChecks.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            faultsInARow.set(0);
            return probe;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallBack(id, limit, pending, e);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return fallBack(id, limit, pending, e);
        }
    }

    private ConsumptionProbe fallBack(String id, Limit limit, Future<?> pending, Exception cause) {
        if (pending != null) {
            pending.cancel(true);
        }
        // One slow or failed check is decided locally; only faults in a row (PostgreSQL down or
        // drowning, not one contended moment) hold every check to this instance's buckets.
        if (faultsInARow.incrementAndGet() < FAULTS_BEFORE_HOLD) {
            return takeLocally(id, limit);
        }
        long now = System.currentTimeMillis();
        sharedDownUntil.set(now + properties.fallbackHold().toMillis());
        faultsInARow.set(0);
        long last = lastFaultLog.get();
        if (now - last >= LOG_EVERY_MILLIS && lastFaultLog.compareAndSet(last, now)) {
            Throwable reason = cause;
            while (reason.getCause() != null && reason.getCause() != reason) {
                reason = reason.getCause();
            }
            // Bucket ids are hashes, so the database's message carries no client address or key.
            log.warn(
                    "Rate-limit buckets in PostgreSQL unavailable ({}: {}); using this instance's own buckets for {}",
                    reason.getClass().getSimpleName(),
                    reason.getMessage(),
                    properties.fallbackHold());
        }
        return takeLocally(id, limit);
    }

    private ConsumptionProbe takeLocally(String id, Limit limit) {
        fallbacks.increment();
        long started = System.nanoTime();
        ConsumptionProbe probe = local.take(id, limit);
        localChecks.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return probe;
    }

    int removeExpired(int batchSize) {
        return shared.removeExpired(batchSize);
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}

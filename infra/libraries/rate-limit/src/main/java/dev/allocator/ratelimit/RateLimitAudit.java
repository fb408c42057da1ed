package dev.allocator.ratelimit;

import dev.allocator.kafka.audit.AuditLog;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.model.value.Address;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * Rate-limit refusals in the audit log, aggregated: one {@code RATE_LIMITED} record per subject
 * and group per window, with the count, rather than one per refused request, so that a flood
 * cannot turn into a flood of audit records. At most {@link #MAX_SUBJECTS} subjects are kept per
 * window; refusals beyond them are counted in one record of their own.
 */
public final class RateLimitAudit implements SmartLifecycle {
    static final int MAX_SUBJECTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RateLimitAudit.class);

    private record Key(Subject subject, String group) {}

    private final AuditLog auditLog;
    private final Clock clock;
    private final Duration window;
    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong overflow = new AtomicLong();
    private ScheduledExecutorService flusher;

    public RateLimitAudit(AuditLog auditLog, Clock clock, Duration window) {
        this.auditLog = auditLog;
        this.clock = clock;
        this.window = window;
    }

    @EventListener
    public void on(RateLimitRejected rejected) {
        Key key = new Key(rejected.subject(), rejected.group());
        AtomicLong count = counts.get(key);
        if (count == null && counts.size() >= MAX_SUBJECTS) {
            overflow.incrementAndGet();
            return;
        }
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** Writes one record per subject and group counted since the last flush. */
    public void flush() {
        for (Key key : counts.keySet()) {
            AtomicLong count = counts.remove(key);
            if (count != null && count.get() > 0) {
                write(actor(key.subject()), key.subject().tier().label(), key.group(), count.get());
            }
        }
        long beyond = overflow.getAndSet(0);
        if (beyond > 0) {
            write(Actor.clientIp("overflow"), "any", "any", beyond);
        }
    }

    private void write(Actor actor, String tier, String group, long count) {
        try {
            auditLog.record(new AuditRecord(
                    UUID.randomUUID(),
                    clock.instant(),
                    AuditAction.RATE_LIMITED,
                    actor,
                    AuditOutcome.REFUSED,
                    "RATE_LIMITED",
                    null,
                    Map.of(
                            "tier",
                            tier,
                            "group",
                            group,
                            "count",
                            Long.toString(count),
                            "windowSeconds",
                            Long.toString(window.toSeconds()))));
        } catch (RuntimeException e) {
            log.warn("Rate-limit audit record not written: {}", e.toString());
        }
    }

    private static Actor actor(Subject subject) {
        return switch (subject.tier()) {
            case ANONYMOUS -> Actor.clientIp(subject.id());
            case SPONSOR -> Actor.sponsor(Address.of(subject.id()));
            case PARTNER, OPERATOR -> Actor.apiKey(subject.id());
        };
    }

    @Override
    public synchronized void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rate-limit-audit");
            thread.setDaemon(true);
            return thread;
        });
        long millis = window.toMillis();
        flusher.scheduleAtFixedRate(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
            flushQuietly();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return flusher != null;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Rate-limit audit flush failed: {}", e.toString());
        }
    }
}

package dev.allocator.security;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use counts and last use per key, counted in memory and written in one batch per interval (and at
 * shutdown) instead of an UPDATE per request. A crash loses at most one interval of counts; the
 * numbers are for operators, not for billing.
 */
public final class KeyUsage {
    private static final Logger log = LoggerFactory.getLogger(KeyUsage.class);

    public record Uses(long count, Instant last) {
        Uses plus(Uses other) {
            return new Uses(count + other.count, last.isAfter(other.last) ? last : other.last);
        }
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Uses> pending = new ConcurrentHashMap<>();

    public KeyUsage(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void used(String keyId) {
        pending.merge(keyId, new Uses(1, clock.instant()), Uses::plus);
    }

    /** Writes what was counted; on failure puts it back for the next flush. */
    public synchronized void flush() {
        Map<String, Uses> batch = new HashMap<>();
        for (String id : pending.keySet()) {
            Uses uses = pending.remove(id);
            if (uses != null) {
                batch.put(id, uses);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.addUsage(batch);
        } catch (RuntimeException e) {
            log.warn("Could not record API key usage, keeping it for the next flush: {}", e.getMessage());
            batch.forEach((id, uses) -> pending.merge(id, uses, Uses::plus));
        }
    }
}

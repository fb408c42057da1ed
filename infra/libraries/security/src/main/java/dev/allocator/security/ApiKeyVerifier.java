package dev.allocator.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies presented keys against the table, with a short cache of rows by key id so that a busy
 * key costs one query per {@code cacheTtl}, not one per request. The price: a revocation or
 * expiry change made elsewhere takes effect within {@code cacheTtl} on every instance (the
 * instance that revokes drops its own entry at once). Expiry itself is checked on every request.
 */
public final class ApiKeyVerifier {
    private record Cached(Optional<StoredKey> key, Instant loadedAt) {}

    private final ApiKeyStore store;
    private final Clock clock;
    private final Duration cacheTtl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyVerifier(ApiKeyStore store, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public Verification verify(ApiKey presented) {
        Instant now = clock.instant();
        Cached cached = cache.get(presented.keyId());
        if (cached == null || !now.isBefore(cached.loadedAt().plus(cacheTtl))) {
            cached = new Cached(store.find(presented.keyId()), now);
            if (cached.key().isPresent()) {
                // Unknown ids are not cached: random ids must not fill the memory.
                cache.put(presented.keyId(), cached);
            }
        }
        return Verification.of(presented, cached.key(), now);
    }

    /** Drops a key's cached row, after this instance changed it. */
    public void forget(String keyId) {
        cache.remove(keyId);
    }
}

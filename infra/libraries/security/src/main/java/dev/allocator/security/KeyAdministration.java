package dev.allocator.security;

import dev.allocator.security.otp.Totp;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Creating, listing and revoking keys: what the command line and local mode's first run do. */
public final class KeyAdministration {
    /** The issuer an authenticator app shows next to the code. */
    public static final String OTP_ISSUER = "Compact Allocator";

    /**
     * A key just made: the only moment its text exists outside the client.
     *
     * @param otpauthUri the enrolment URI when a second factor was asked for
     */
    public record Created(ApiKey key, StoredKey stored, Optional<String> otpauthUri) {}

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random;

    public KeyAdministration(ApiKeyStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    public Created create(Role role, Instant expiresAt, boolean totp, String note) {
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry must be in the future");
        }
        ApiKey key = ApiKey.generate(random);
        String secret = totp ? Totp.newSecret(random) : null;
        StoredKey stored = new StoredKey(key.keyId(), role, key.hash(), now, expiresAt, null, secret, note, null, 0);
        store.insert(stored);
        return new Created(
                key, stored, Optional.ofNullable(secret).map(s -> Totp.otpauthUri(OTP_ISSUER, key.keyId(), s)));
    }

    public List<StoredKey> list() {
        return store.list();
    }

    /** @return false when no such key exists or it was already revoked */
    public boolean revoke(String id) {
        return store.revoke(id, clock.instant());
    }
}

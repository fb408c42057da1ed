package dev.allocator.model.session;

import dev.allocator.model.value.Address;
import java.time.Instant;

/**
 * What a verified session token says: whose session it is and for how long.
 *
 * @param sessionId the session's id ({@code sid}), as in the SessionCreated event
 * @param sponsor the signed-in sponsor ({@code sub}, lowercase on the wire)
 * @param issuedAt {@code iat}, whole seconds
 * @param expiresAt {@code exp}, whole seconds
 */
public record SessionToken(String sessionId, Address sponsor, Instant issuedAt, Instant expiresAt) {
    public SessionToken {
        if (sessionId == null || sessionId.isBlank() || sponsor == null || issuedAt == null || expiresAt == null) {
            throw new IllegalArgumentException("a session token needs an id, a sponsor and its times");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a session token must expire after it was issued");
        }
    }
}

package dev.allocator.query.session;

import dev.allocator.model.value.Address;
import dev.allocator.query.consistency.ReadView;
import java.time.Instant;

/**
 * A live session, checked against the read model after the read-your-writes barrier.
 *
 * @param token the token the client sent, which is also the session's public id
 * @param view where this request reads, consistent with the sponsor's acknowledged writes
 */
public record AuthenticatedSession(String token, String sessionId, Address sponsor, Instant expiresAt, ReadView view) {}

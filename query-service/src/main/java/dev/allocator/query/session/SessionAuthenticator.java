package dev.allocator.query.session;

import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.http.RequestFacts;
import dev.allocator.http.SessionMetrics;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.query.consistency.ReadBarrier;
import dev.allocator.query.consistency.ReadModelBehindException;
import dev.allocator.query.consistency.ReadView;
import dev.allocator.query.web.ErrorCode;
import dev.allocator.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns the {@code x-session-id} header into a live session: the token must verify, then — after
 * the read-your-writes barrier, so that a just-created or just-revoked session is seen — the
 * session must exist in the read model for the same sponsor, not revoked and not expired.
 */
@Component
public class SessionAuthenticator {
    public static final String HEADER = "x-session-id";

    private final SessionTokens tokens;
    private final ReadBarrier barrier;
    private final Clock clock;
    private final SessionMetrics metrics;
    private final ObjectProvider<RateLimiter> rateLimits;

    SessionAuthenticator(
            SessionProperties properties,
            ReadBarrier barrier,
            Clock clock,
            SessionMetrics metrics,
            ObjectProvider<RateLimiter> rateLimits) {
        this.tokens = new SessionTokens(properties.verificationKeys(), null);
        this.barrier = barrier;
        this.clock = clock;
        this.metrics = metrics.performs(SessionMetrics.Operation.VALIDATE);
        this.rateLimits = rateLimits;
    }

    /**
     * Recorded as {@code validate}: refused (4xx) is {@code rejected}, a read model behind (503) {@code failed}.
     * An accepted session then counts against its sponsor's rate limit (429 past it).
     */
    public AuthenticatedSession authenticate(String header) {
        AuthenticatedSession session = metrics.validate(() -> check(header));
        rateLimits.ifAvailable(limiter -> limiter.checkSponsor(session.sponsor()));
        return session;
    }

    private AuthenticatedSession check(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiException(CommonErrorCode.SESSION_REQUIRED);
        }
        Instant now = clock.instant();
        SessionToken token =
                tokens.verify(header, now).orElseThrow(() -> new ApiException(CommonErrorCode.INVALID_SESSION));
        RequestFacts.sponsor(token.sponsor().lowercase());
        ReadView view;
        try {
            view = barrier.await(token.sponsor());
        } catch (ReadModelBehindException e) {
            throw new ApiException(ErrorCode.READ_MODEL_BEHIND, e);
        }
        var row = view.dsl()
                .select(SESSIONS.SPONSOR, SESSIONS.EXPIRES_AT, SESSIONS.REVOKED)
                .from(SESSIONS)
                .where(SESSIONS.SESSION_ID.eq(token.sessionId()))
                .fetchOne();
        if (row == null
                || !Arrays.equals(row.value1(), token.sponsor().bytes())
                || Boolean.TRUE.equals(row.value3())
                || !now.isBefore(row.value2().toInstant())) {
            throw new ApiException(CommonErrorCode.INVALID_SESSION);
        }
        return new AuthenticatedSession(
                header, token.sessionId(), token.sponsor(), row.value2().toInstant(), view);
    }
}

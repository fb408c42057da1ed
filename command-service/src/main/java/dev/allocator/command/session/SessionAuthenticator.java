package dev.allocator.command.session;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.http.RequestFacts;
import dev.allocator.http.SessionMetrics;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.ratelimit.RateLimiter;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code x-session-id} token locally (signature, expiry). Revocation is the
 * processor's to check, in the same decision that would use the session.
 */
@Component
public class SessionAuthenticator {
    public static final String HEADER = "x-session-id";

    private final SessionTokens tokens;
    private final SessionMetrics metrics;
    private final ObjectProvider<RateLimiter> rateLimits;

    SessionAuthenticator(SessionTokens tokens, SessionMetrics metrics, ObjectProvider<RateLimiter> rateLimits) {
        this.tokens = tokens;
        this.metrics = metrics.performs(SessionMetrics.Operation.VALIDATE);
        this.rateLimits = rateLimits;
    }

    /** Then the sponsor's rate limit (429 past it), where the service has one (it needs a DataSource). */
    public SessionToken authenticate(String token, Instant now) {
        SessionToken session = metrics.validate(() -> verify(token, now));
        rateLimits.ifAvailable(limiter -> limiter.checkSponsor(session.sponsor()));
        return session;
    }

    private SessionToken verify(String token, Instant now) {
        if (token == null || token.isBlank()) {
            throw new ApiException(CommonErrorCode.SESSION_REQUIRED);
        }
        SessionToken session =
                tokens.verify(token, now).orElseThrow(() -> new ApiException(CommonErrorCode.INVALID_SESSION));
        RequestFacts.sponsor(session.sponsor().lowercase());
        return session;
    }
}

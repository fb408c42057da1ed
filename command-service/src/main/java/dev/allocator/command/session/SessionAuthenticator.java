package dev.allocator.command.session;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.http.RequestFacts;
import dev.allocator.http.SessionMetrics;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import java.time.Instant;
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

    SessionAuthenticator(SessionTokens tokens, SessionMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics.performs(SessionMetrics.Operation.VALIDATE);
    }

    public SessionToken authenticate(String token, Instant now) {
        return metrics.validate(() -> verify(token, now));
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

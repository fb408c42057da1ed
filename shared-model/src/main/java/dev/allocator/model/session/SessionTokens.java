package dev.allocator.model.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.allocator.model.value.Address;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Issues and verifies the session tokens clients send back in {@code x-session-id}: compact JWS
 * (HS256) with the claims {@code sid} (session id), {@code sub} (lowercase sponsor address),
 * {@code iat} and {@code exp}. The command side issues them, every service verifies them with the
 * same key. A token proves who signed in and until when; whether the session was revoked since is
 * a question for the session state, not for the token.
 */
public final class SessionTokens {
    /** HS256 needs at least 256 bits of key. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String SESSION_ID_CLAIM = "sid";

    private final MACSigner signer;
    private final MACVerifier verifier;

    public SessionTokens(byte[] hmacKey) {
        if (hmacKey == null || hmacKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the session token key must have at least 32 bytes");
        }
        try {
            this.signer = new MACSigner(hmacKey.clone());
            this.verifier = new MACVerifier(hmacKey.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable session token key", e);
        }
    }

    /** A signed token for the session; times are kept to the second. */
    public String issue(SessionToken session) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim(SESSION_ID_CLAIM, session.sessionId())
                .subject(session.sponsor().lowercase())
                .issueTime(Date.from(session.issuedAt()))
                .expirationTime(Date.from(session.expiresAt()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a session token", e);
        }
        return jwt.serialize();
    }

    /**
     * The session a token names, when the token is well formed, signed with this key by HS256,
     * carries every claim and has not expired at {@code now}; empty otherwise.
     */
    public Optional<SessionToken> verify(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String sessionId = claims.getStringClaim(SESSION_ID_CLAIM);
            String subject = claims.getSubject();
            Date issued = claims.getIssueTime();
            Date expires = claims.getExpirationTime();
            if (sessionId == null || subject == null || issued == null || expires == null) {
                return Optional.empty();
            }
            if (!subject.equals(subject.toLowerCase(java.util.Locale.ROOT))) {
                return Optional.empty();
            }
            SessionToken session =
                    new SessionToken(sessionId, Address.of(subject), issued.toInstant(), expires.toInstant());
            return now.isBefore(session.expiresAt()) ? Optional.of(session) : Optional.empty();
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package dev.allocator.model.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.allocator.model.value.Address;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Issues and verifies the session tokens clients send back in {@code x-session-id}: compact JWS
 * (HS256) with the claims {@code sid} (session id), {@code sub} (lowercase sponsor address),
 * {@code iat} and {@code exp}, and a {@code kid} header naming the key that signed it. The command
 * side issues them, every service verifies them. A token proves who signed in and until when;
 * whether the session was revoked or refreshed since is a question for the session state, not for
 * the token.
 *
 * <p>Keys rotate: one key signs, every listed key verifies, so a new key can be added as a
 * verifier everywhere before it starts signing, and an old one kept until its last token expired.
 * A token without {@code kid} (issued before key ids existed) is verified with the key {@value
 * #DEFAULT_KEY_ID} only.
 */
public final class SessionTokens {
    /** HS256 needs at least 256 bits of key. */
    public static final int MIN_KEY_BYTES = 32;
    /** The id of the single key configured the old way, and the key a token without kid needs. */
    public static final String DEFAULT_KEY_ID = "default";

    private static final String SESSION_ID_CLAIM = "sid";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, MACVerifier> verifiers = new LinkedHashMap<>();
    private final String signingKeyId;
    private final MACSigner signer;

    /** One key that signs and verifies, under the id {@value #DEFAULT_KEY_ID}. */
    public SessionTokens(byte[] hmacKey) {
        this(List.of(new Key(DEFAULT_KEY_ID, hmacKey)), DEFAULT_KEY_ID);
    }

    /**
     * @param keys every key that verifies, each id once
     * @param signingKeyId the key that signs new tokens; null for a verifier that never issues
     */
    public SessionTokens(List<Key> keys, String signingKeyId) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("at least one session token key is needed");
        }
        MACSigner chosen = null;
        for (Key key : keys) {
            try {
                if (verifiers.put(key.id(), new MACVerifier(key.secret())) != null) {
                    throw new IllegalArgumentException("session token key id '" + key.id() + "' is listed twice");
                }
                if (key.id().equals(signingKeyId)) {
                    chosen = new MACSigner(key.secret());
                }
            } catch (JOSEException e) {
                throw new IllegalArgumentException("unusable session token key '" + key.id() + "'", e);
            }
        }
        if (signingKeyId != null && chosen == null) {
            throw new IllegalArgumentException("the signing key id '" + signingKeyId + "' names no listed key");
        }
        this.signingKeyId = signingKeyId;
        this.signer = chosen;
    }

    /**
     * The keys of a configuration: the single {@code secret} configured the old way (if any) as key
     * {@value #DEFAULT_KEY_ID}, then the listed ones.
     */
    public static List<Key> keys(String secret, List<Key> listed) {
        List<Key> keys = new ArrayList<>();
        if (secret != null && !secret.isEmpty()) {
            keys.add(new Key(DEFAULT_KEY_ID, secret.getBytes(StandardCharsets.UTF_8)));
        }
        if (listed != null) {
            keys.addAll(listed);
        }
        return keys;
    }

    /** The ids of the keys that verify, in configuration order. */
    public List<String> keyIds() {
        return List.copyOf(verifiers.keySet());
    }

    /** A signed token for the session; times are kept to the second. */
    public String issue(SessionToken session) {
        if (signer == null) {
            throw new IllegalStateException("these session tokens only verify");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim(SESSION_ID_CLAIM, session.sessionId())
                .subject(session.sponsor().lowercase())
                .issueTime(Date.from(session.issuedAt()))
                .expirationTime(Date.from(session.expiresAt()))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKeyId).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a session token", e);
        }
        return jwt.serialize();
    }

    /**
     * The session a token names, when the token is well formed, signed by HS256 with the key its
     * {@code kid} names (or the default key when it names none), carries every claim and has not
     * expired at {@code now}; empty otherwise.
     */
    public Optional<SessionToken> verify(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            String kid = jwt.getHeader().getKeyID();
            MACVerifier verifier = verifiers.get(kid == null ? DEFAULT_KEY_ID : kid);
            if (verifier == null || !jwt.verify(verifier)) {
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
            if (!subject.equals(subject.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            SessionToken session =
                    new SessionToken(sessionId, Address.of(subject), issued.toInstant(), expires.toInstant());
            return now.isBefore(session.expiresAt()) ? Optional.of(session) : Optional.empty();
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * One HMAC key and its id, as tokens name it in {@code kid}.
     *
     * @param id letters, digits, {@code . _ -}; at most 64 characters
     * @param secret at least {@value SessionTokens#MIN_KEY_BYTES} bytes
     */
    public record Key(String id, byte[] secret) {
        public Key {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "a session token key id is 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (secret == null || secret.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("the session token key '" + id + "' must have at least 32 bytes");
            }
            secret = secret.clone();
        }

        public Key(String id, String secret) {
            this(id, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.id.equals(id) && java.util.Arrays.equals(key.secret, secret);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return "Key[id=" + id + "]";
        }
    }
}

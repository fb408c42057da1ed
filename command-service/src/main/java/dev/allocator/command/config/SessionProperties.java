package dev.allocator.command.config;

import dev.allocator.model.session.SessionTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-In with Ethereum and the session tokens.
 *
 * @param baseUrl the public origin; its host is the SIWE domain and URIs must live under it
 * @param statement the sentence users sign
 * @param tokenSecret the single HMAC key of session tokens configured the old way, key id {@value
 *     SessionTokens#DEFAULT_KEY_ID}; empty when only {@code tokenKeys} are used
 * @param tokenKeys further HMAC keys by id: every one verifies tokens, for rotation
 * @param signingKeyId the id of the key that signs new tokens
 * @param nonceSecret the HMAC key that makes sign-in nonces self-verifying; at least 32 bytes
 * @param lifetime how long a sign-in request, and so a session, lasts; also how far a refresh
 *     moves a session's expiry
 * @param absoluteLifetime how long after sign-in a session ends whatever its refreshes; at least
 *     {@code lifetime}
 */
@Validated
@ConfigurationProperties("allocator.session")
public record SessionProperties(
        @NotBlank String baseUrl,
        @NotBlank String statement,
        String tokenSecret,
        List<@Valid TokenKey> tokenKeys,
        @NotBlank String signingKeyId,
        @NotBlank @Size(min = 32) String nonceSecret,
        @NotNull Duration lifetime,
        @NotNull Duration absoluteLifetime) {
    public SessionProperties {
        tokenKeys = tokenKeys == null ? List.of() : List.copyOf(tokenKeys);
    }

    /** Every key that verifies: the old single secret first, as key "default", then the listed ones. */
    public List<SessionTokens.Key> verificationKeys() {
        return SessionTokens.keys(
                tokenSecret,
                tokenKeys.stream()
                        .map(k -> new SessionTokens.Key(k.id(), k.secret()))
                        .toList());
    }

    @AssertTrue(message = "token-secret must have at least 32 characters when set")
    boolean isTokenSecretLongEnough() {
        return tokenSecret == null || tokenSecret.isEmpty() || tokenSecret.length() >= SessionTokens.MIN_KEY_BYTES;
    }

    @AssertTrue(message = "signing-key-id must name a key: token-secret (key id \"default\") or one of token-keys")
    boolean isSigningKeyConfigured() {
        boolean legacy = tokenSecret != null && !tokenSecret.isEmpty();
        return (legacy && SessionTokens.DEFAULT_KEY_ID.equals(signingKeyId))
                || tokenKeys.stream().anyMatch(k -> k.id().equals(signingKeyId));
    }

    @AssertTrue(message = "absolute-lifetime must be at least lifetime")
    boolean isAbsoluteLifetimeAtLeastLifetime() {
        return lifetime == null || absoluteLifetime == null || absoluteLifetime.compareTo(lifetime) >= 0;
    }

    @Override
    public String toString() {
        return "SessionProperties[baseUrl=" + baseUrl + ", statement=" + statement + ", tokenKeys="
                + tokenKeys.stream().map(TokenKey::id).toList() + ", signingKeyId=" + signingKeyId + ", lifetime="
                + lifetime + ", absoluteLifetime=" + absoluteLifetime + "]";
    }

    /**
     * One session token key.
     *
     * @param id the key id tokens carry in their {@code kid} header
     * @param secret the HMAC key, at least 32 characters
     */
    public record TokenKey(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String id,

            @NotBlank @Size(min = 32) String secret) {
        @Override
        public String toString() {
            return "TokenKey[id=" + id + "]";
        }
    }
}

package dev.allocator.query.session;

import dev.allocator.model.session.SessionTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Session tokens ({@code allocator.session.*}): the keys shared with the command side that issues
 * them. This service only verifies, with every key listed.
 *
 * @param tokenSecret the single HMAC key configured the old way, key id {@value
 *     SessionTokens#DEFAULT_KEY_ID} (at least 32 characters; {@code ALLOCATOR_SESSION_TOKEN_SECRET});
 *     empty when only {@code tokenKeys} are used
 * @param tokenKeys further HMAC keys by id, for rotation
 */
@Validated
@ConfigurationProperties("allocator.session")
public record SessionProperties(String tokenSecret, List<@Valid TokenKey> tokenKeys) {
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

    @AssertTrue(message = "set token-secret or at least one of token-keys")
    boolean isAnyKeyConfigured() {
        return (tokenSecret != null && !tokenSecret.isEmpty()) || !tokenKeys.isEmpty();
    }

    @Override
    public String toString() {
        return "SessionProperties[tokenKeys="
                + tokenKeys.stream().map(TokenKey::id).toList() + "]";
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

package dev.allocator.command.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-In with Ethereum and the session tokens.
 *
 * @param baseUrl the public origin; its host is the SIWE domain and URIs must live under it
 * @param statement the sentence users sign
 * @param tokenSecret the HMAC key of session tokens, shared by every service; at least 32 bytes
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
        @NotBlank @Size(min = 32) String tokenSecret,
        @NotBlank @Size(min = 32) String nonceSecret,
        @NotNull Duration lifetime,
        @NotNull Duration absoluteLifetime) {
    @AssertTrue(message = "absolute-lifetime must be at least lifetime")
    boolean isAbsoluteLifetimeAtLeastLifetime() {
        return lifetime == null || absoluteLifetime == null || absoluteLifetime.compareTo(lifetime) >= 0;
    }

    @Override
    public String toString() {
        return "SessionProperties[baseUrl=" + baseUrl + ", statement=" + statement + ", lifetime=" + lifetime
                + ", absoluteLifetime=" + absoluteLifetime + "]";
    }
}

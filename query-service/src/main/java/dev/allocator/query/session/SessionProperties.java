package dev.allocator.query.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Session tokens ({@code allocator.session.*}).
 *
 * @param tokenSecret the HMAC key shared with the command side that issues the tokens, at least 32
 *     characters; set it through {@code ALLOCATOR_SESSION_TOKEN_KEY}
 */
@Validated
@ConfigurationProperties("allocator.session")
public record SessionProperties(@NotBlank @Size(min = 32) String tokenSecret) {}

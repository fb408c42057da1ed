package dev.allocator.command.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param privateKey the allocator's secp256k1 key, 0x + 64 hex digits; never logged */
@Validated
@ConfigurationProperties("allocator.signing")
public record SigningProperties(
        @NotBlank @Pattern(regexp = "0x[0-9a-fA-F]{64}") String privateKey) {
    @Override
    public String toString() {
        return "SigningProperties[privateKey=<redacted>]";
    }
}

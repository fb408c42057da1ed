package dev.allocator.security.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    /** RFC 6238 appendix B's SHA-1 seed: the ASCII of "12345678901234567890". */
    static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesTheTestVectorsOfRfc6238(long unixSeconds, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(unixSeconds));

        assertThat(Totp.code(RFC_SEED, step, 8)).isEqualTo(expected);
        // Six digits are the last six of the same truncation.
        assertThat(Totp.code(RFC_SEED, step, 6)).isEqualTo(expected.substring(2));
    }

    @Test
    void base32RoundTripsAndMatchesRfc4648() {
        assertThat(Totp.encodeBase32("foobar".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("MZXW6YTBOI");
        assertThat(Totp.decodeBase32("MZXW6YTBOI======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        String secret = Totp.newSecret(new SecureRandom());
        assertThat(secret).hasSize(32);
        assertThat(Totp.encodeBase32(Totp.decodeBase32(secret))).isEqualTo(secret);
    }

    @Test
    void acceptsOneStepOfDriftEitherWayAndNoMore() {
        String secret = Totp.encodeBase32(RFC_SEED);
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);

        assertThat(Totp.matchingStep(secret, Totp.code(secret, now), now)).hasValue(step);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.minusSeconds(30)), now))
                .hasValue(step - 1);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.plusSeconds(30)), now))
                .hasValue(step + 1);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.minusSeconds(60)), now))
                .isEmpty();
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.plusSeconds(60)), now))
                .isEmpty();
    }

    @Test
    void refusesMalformedCodes() {
        String secret = Totp.encodeBase32(RFC_SEED);
        Instant now = Instant.ofEpochSecond(59);
        assertThat(Totp.matchingStep(secret, null, now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "94287082", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "2870a2", now)).isEmpty();
    }

    @Test
    void enrolmentUriNamesIssuerAccountAndParameters() {
        assertThat(Totp.otpauthUri("Compact Allocator", "0123456789abcdef", "MZXW6YTBOI"))
                .isEqualTo("otpauth://totp/Compact%20Allocator:0123456789abcdef?secret=MZXW6YTBOI"
                        + "&issuer=Compact%20Allocator&algorithm=SHA1&digits=6&period=30");
    }
}

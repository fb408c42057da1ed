package dev.allocator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    static final SecureRandom RANDOM = new SecureRandom();

    @Nested
    class Parsing {
        @Test
        void readsBackWhatItGenerates() {
            ApiKey key = ApiKey.generate(RANDOM);

            assertThat(ApiKey.parse(key.text())).contains(key);
            assertThat(key.text()).startsWith("alk_" + key.keyId() + "_");
        }

        @Test
        void splitsAtTheFirstUnderscoreBecauseTheSecretMayContainOthers() {
            String secret = "ab_cd-" + "x".repeat(37);
            Optional<ApiKey> key = ApiKey.parse("alk_0123456789abcdef_" + secret);

            assertThat(key).map(ApiKey::keyId).contains("0123456789abcdef");
            assertThat(key).map(ApiKey::secret).contains(secret);
        }

        @Test
        void refusesAnythingElse() {
            String secret = "x".repeat(43);
            assertThat(ApiKey.parse(null)).isEmpty();
            assertThat(ApiKey.parse("")).isEmpty();
            assertThat(ApiKey.parse("alk_")).isEmpty();
            assertThat(ApiKey.parse("key_0123456789abcdef_" + secret)).isEmpty();
            assertThat(ApiKey.parse("alk_0123456789ABCDEF_" + secret)).isEmpty();
            assertThat(ApiKey.parse("alk_0123456789abcde_" + secret)).isEmpty();
            assertThat(ApiKey.parse("alk_0123456789abcdef_" + secret + "x")).isEmpty();
            assertThat(ApiKey.parse("alk_0123456789abcdef_" + "x".repeat(42) + "="))
                    .isEmpty();
            assertThat(ApiKey.parse("alk_0123456789abcdef" + secret)).isEmpty();
        }

        @Test
        void secretCarriesThirtyTwoRandomBytes() {
            ApiKey key = ApiKey.generate(RANDOM);
            assertThat(java.util.Base64.getUrlDecoder().decode(key.secret())).hasSize(32);
            assertThat(ApiKey.generate(RANDOM).secret()).isNotEqualTo(key.secret());
        }

        @Test
        void neverPrintsTheSecret() {
            ApiKey key = ApiKey.generate(RANDOM);
            assertThat(key.toString()).contains(key.keyId()).doesNotContain(key.secret());
            assertThatThrownBy(() -> new ApiKey("nothex", "x".repeat(43))).hasMessage("not an API key");
        }
    }

    @Nested
    class Hashing {
        @Test
        void hashIsSha256OfTheWholeKey() throws Exception {
            ApiKey key = ApiKey.parse("alk_0123456789abcdef_" + "A".repeat(43)).orElseThrow();
            byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("alk_0123456789abcdef_" + "A".repeat(43)).getBytes());

            assertThat(key.hash()).hasSize(32).isEqualTo(expected);
            assertThat(key.matches(expected)).isTrue();
        }

        @Test
        void anotherSecretWithTheSameIdDoesNotMatch() {
            ApiKey key = ApiKey.parse("alk_0123456789abcdef_" + "A".repeat(43)).orElseThrow();
            ApiKey guess =
                    ApiKey.parse("alk_0123456789abcdef_" + "B".repeat(43)).orElseThrow();

            assertThat(guess.matches(key.hash())).isFalse();
        }
    }

    @Nested
    class Verifying {
        final Instant now = Instant.parse("2026-06-01T12:00:00Z");
        final ApiKey key = ApiKey.generate(RANDOM);

        StoredKey stored(Instant expires, Instant revoked) {
            return new StoredKey(
                    key.keyId(), Role.AUDITOR, key.hash(), now.minusSeconds(60), expires, revoked, null, null, null, 0);
        }

        @Test
        void acceptsAMatchingLiveKey() {
            assertThat(Verification.of(key, Optional.of(stored(null, null)), now))
                    .isInstanceOf(Verification.Valid.class);
            assertThat(Verification.of(key, Optional.of(stored(now.plusSeconds(1), null)), now))
                    .isInstanceOf(Verification.Valid.class);
        }

        @Test
        void refusesUnknownWrongExpiredAndRevokedKeys() {
            ApiKey other = new ApiKey(key.keyId(), "Z".repeat(43));
            assertThat(Verification.of(key, Optional.empty(), now)).isEqualTo(new Verification.Invalid("unknown key"));
            assertThat(Verification.of(other, Optional.of(stored(null, null)), now))
                    .isEqualTo(new Verification.Invalid("wrong secret"));
            assertThat(Verification.of(key, Optional.of(stored(now, null)), now))
                    .isEqualTo(new Verification.Invalid("expired"));
            assertThat(Verification.of(key, Optional.of(stored(null, now.minusSeconds(1))), now))
                    .isEqualTo(new Verification.Invalid("revoked"));
        }
    }

    @Test
    void rolesParseAsTyped() {
        assertThat(Role.parse("Auditor")).isEqualTo(Role.AUDITOR);
        assertThat(Role.ADMIN.authority()).isEqualTo("ROLE_ADMIN");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("unknown role");
    }
}

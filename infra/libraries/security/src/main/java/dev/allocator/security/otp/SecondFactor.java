package dev.allocator.security.otp;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.security.ApiKeyAuthentication;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.StoredKey;
import java.time.Clock;
import java.util.OptionalLong;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The second factor of destructive admin actions (read-model rebuild, key revocation, pausing
 * signing): a key with a TOTP secret enrolled must send a current code in {@code X-Admin-OTP}. A
 * code is accepted once: the table remembers the last accepted step per key, across instances.
 */
public final class SecondFactor {
    public static final String HEADER = "X-Admin-OTP";

    private final ApiKeyStore store;
    private final Clock clock;

    public SecondFactor(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Throws 401 {@code OTP_REQUIRED} or {@code INVALID_OTP} unless the current key may go on. */
    public void require(String code) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof ApiKeyAuthentication apiKey)) {
            // The path rules let no request without a key get here.
            throw new ApiException(CommonErrorCode.API_KEY_REQUIRED);
        }
        // The row as it is now, not the verifier's cached copy: enrolment may be seconds old.
        StoredKey key =
                store.find(apiKey.getName()).orElseThrow(() -> new ApiException(CommonErrorCode.INVALID_API_KEY));
        if (!key.totpEnrolled()) {
            return;
        }
        if (code == null || code.isBlank()) {
            throw new ApiException(CommonErrorCode.OTP_REQUIRED);
        }
        OptionalLong step = Totp.matchingStep(key.totpSecret(), code.strip(), clock.instant());
        if (step.isEmpty() || !store.acceptOtpStep(key.id(), step.getAsLong())) {
            throw new ApiException(CommonErrorCode.INVALID_OTP);
        }
    }
}

package dev.allocator.command.web;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.message.Rejection;
import org.springframework.http.HttpStatus;

/**
 * Every error the command API answers beyond the {@link CommonErrorCode}s, with its status and the
 * reference allocator's text; a more specific message (the field at fault) overrides the text.
 */
public enum ErrorCode implements ApiErrorCode {
    SPONSOR_MISMATCH(HttpStatus.FORBIDDEN, "Sponsor address does not match session"),
    INVALID_ADDRESS(HttpStatus.BAD_REQUEST, "Invalid Ethereum address format"),
    UNSUPPORTED_CHAIN(HttpStatus.BAD_REQUEST, "Unsupported chain ID"),
    INVALID_COMPACT(HttpStatus.BAD_REQUEST, "Invalid compact"),
    INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "Idempotency-Key must be 1 to 128 printable ASCII characters"),
    INVALID_SESSION_PAYLOAD(HttpStatus.BAD_REQUEST, "Invalid session payload structure"),
    SESSION_REQUEST_UNKNOWN(HttpStatus.BAD_REQUEST, "No matching session request found or request expired"),
    SESSION_REQUEST_EXPIRED(HttpStatus.BAD_REQUEST, "No matching session request found or request expired"),
    INVALID_SIGNATURE(HttpStatus.BAD_REQUEST, "Invalid signature"),
    DECISION_UNCONFIRMED(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Allocation could not be confirmed in time; retry with the same Idempotency-Key"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "Too many requests in progress; nothing was done, retry shortly"),
    DEADLINE_PASSED(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The allocator was too busy to decide in time; nothing was allocated, retry"),
    SIGNING_STATE_UNCONFIRMED(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The signing switch is recorded but this instance has not applied it in time; check GET /admin/signing"),
    SIGNING_CONTROL_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE, "The signing switch could not be recorded; nothing changed, retry"),
    INVALID_SIGNING_REQUEST(
            HttpStatus.BAD_REQUEST,
            "Body must be empty or {\"reason\": text of at most 500 characters without control characters}"),
    // The sponsor processor's refusals (Rejection), answered with the message it gives.
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    SESSION_LIFETIME_EXHAUSTED(HttpStatus.FORBIDDEN, "Session has reached its absolute lifetime; sign in again"),
    SESSION_NONCE_USED(HttpStatus.BAD_REQUEST, "No matching session request found or request expired"),
    NONCE_MISMATCH(HttpStatus.BAD_REQUEST, "Nonce does not match sponsor address"),
    NONCE_USED(HttpStatus.BAD_REQUEST, "Nonce has already been used"),
    NONCE_SPACE_EXHAUSTED(HttpStatus.BAD_REQUEST, "No unused nonce left for this sponsor on this chain"),
    EXPIRED(HttpStatus.BAD_REQUEST, "Compact has expired"),
    EXPIRATION_TOO_FAR(HttpStatus.BAD_REQUEST, "Expiration must be within 2 hours"),
    RESET_PERIOD_TOO_SHORT(HttpStatus.BAD_REQUEST, "Reset period would allow forced withdrawal before expiration"),
    LOCK_NOT_FOUND(HttpStatus.BAD_REQUEST, "Resource lock not found"),
    FORCED_WITHDRAWAL_ENABLED(HttpStatus.BAD_REQUEST, "Resource lock has forced withdrawals enabled"),
    INVALID_ALLOCATOR_ID(HttpStatus.BAD_REQUEST, "Invalid allocator ID"),
    INSUFFICIENT_BALANCE(HttpStatus.BAD_REQUEST, "Insufficient allocatable balance"),
    IDEMPOTENCY_KEY_REUSED(
            HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key was already used for a different request"),
    SIGNING_PAUSED(
            HttpStatus.SERVICE_UNAVAILABLE, "Signing is paused by the operator; nothing was signed, retry later");

    private final HttpStatus status;
    private final String message;

    ErrorCode(HttpStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String message() {
        return message;
    }

    /** How the API answers a refusal of the sponsor processor: the status is the web layer's choice. */
    public static ApiErrorCode of(Rejection rejection) {
        return switch (rejection) {
            case INVALID_REQUEST -> INVALID_REQUEST;
            case INVALID_SESSION -> CommonErrorCode.INVALID_SESSION;
            case SESSION_LIFETIME_EXHAUSTED -> SESSION_LIFETIME_EXHAUSTED;
            case SPONSOR_MISMATCH -> SPONSOR_MISMATCH;
            case SESSION_NONCE_USED -> SESSION_NONCE_USED;
            case NONCE_MISMATCH -> NONCE_MISMATCH;
            case NONCE_USED -> NONCE_USED;
            case NONCE_SPACE_EXHAUSTED -> NONCE_SPACE_EXHAUSTED;
            case EXPIRED -> EXPIRED;
            case EXPIRATION_TOO_FAR -> EXPIRATION_TOO_FAR;
            case RESET_PERIOD_TOO_SHORT -> RESET_PERIOD_TOO_SHORT;
            case LOCK_NOT_FOUND -> LOCK_NOT_FOUND;
            case FORCED_WITHDRAWAL_ENABLED -> FORCED_WITHDRAWAL_ENABLED;
            case INVALID_ALLOCATOR_ID -> INVALID_ALLOCATOR_ID;
            case INSUFFICIENT_BALANCE -> INSUFFICIENT_BALANCE;
            case IDEMPOTENCY_KEY_REUSED -> IDEMPOTENCY_KEY_REUSED;
            case DEADLINE_PASSED -> DEADLINE_PASSED;
            case SIGNING_PAUSED -> SIGNING_PAUSED;
        };
    }
}

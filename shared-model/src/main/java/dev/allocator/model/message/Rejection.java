package dev.allocator.model.message;

/** Why the processor refused a command, with the HTTP status the API answers. */
public enum Rejection {
    INVALID_REQUEST(400),
    INVALID_SESSION(401),
    SPONSOR_MISMATCH(403),
    SESSION_NONCE_USED(400),
    NONCE_MISMATCH(400),
    NONCE_USED(400),
    NONCE_SPACE_EXHAUSTED(400),
    EXPIRED(400),
    EXPIRATION_TOO_FAR(400),
    RESET_PERIOD_TOO_SHORT(400),
    LOCK_NOT_FOUND(400),
    FORCED_WITHDRAWAL_ENABLED(400),
    INVALID_ALLOCATOR_ID(400),
    INSUFFICIENT_BALANCE(400),
    IDEMPOTENCY_KEY_REUSED(422);

    private final int httpStatus;

    Rejection(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

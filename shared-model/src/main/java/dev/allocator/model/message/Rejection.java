package dev.allocator.model.message;

/** Why the processor refused a command; how the API answers each is the web layer's choice. */
public enum Rejection {
    INVALID_REQUEST,
    INVALID_SESSION,
    /** A refresh could not extend the session: it already ends at its absolute expiry. */
    SESSION_LIFETIME_EXHAUSTED,
    SPONSOR_MISMATCH,
    SESSION_NONCE_USED,
    NONCE_MISMATCH,
    NONCE_USED,
    NONCE_SPACE_EXHAUSTED,
    EXPIRED,
    EXPIRATION_TOO_FAR,
    RESET_PERIOD_TOO_SHORT,
    LOCK_NOT_FOUND,
    FORCED_WITHDRAWAL_ENABLED,
    INVALID_ALLOCATOR_ID,
    INSUFFICIENT_BALANCE,
    IDEMPOTENCY_KEY_REUSED,
    /** Read too late to be answered in time: refused undecided, so the client may simply retry. */
    DEADLINE_PASSED,
    /** An operator paused signing ({@code allocator.control}): refused undecided, retry after resume. */
    SIGNING_PAUSED
}

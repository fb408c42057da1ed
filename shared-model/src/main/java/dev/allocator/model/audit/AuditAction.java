package dev.allocator.model.audit;

/**
 * What a security-relevant record is about. The wire name is the constant's name. New actions are
 * added at the end (an additive change); a reader older than its writer surfaces an action it does
 * not know as an unreadable record instead of guessing.
 */
public enum AuditAction {
    SIGN_IN,
    SIGN_IN_FAILED,
    SESSION_REFRESHED,
    SIGN_OUT,
    RATE_LIMITED,
    ADMIN_ACTION,
    KEY_CREATED,
    KEY_REVOKED,
    SIGNING_PAUSED,
    SIGNING_RESUMED,
    /** The projector's retention job pruned expired compacts from the read model (or failed to). */
    READ_MODEL_PRUNED
}

package dev.allocator.model.audit;

import java.util.Locale;

/** How the recorded action ended: done, refused by a rule (client's fault), or failed (ours). */
public enum AuditOutcome {
    SUCCESS,
    REFUSED,
    FAILED;

    /** The wire name: lowercase. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditOutcome fromWire(String text) {
        for (AuditOutcome outcome : values()) {
            if (outcome.wire().equals(text)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown audit outcome '" + text + "'");
    }
}

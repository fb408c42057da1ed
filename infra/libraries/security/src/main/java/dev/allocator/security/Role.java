package dev.allocator.security;

import java.util.Locale;

/**
 * What a key may do. {@code ADMIN > OPERATOR > AUDITOR} through the role hierarchy; {@code PARTNER}
 * is only a client tier for rate limits and grants no operator right.
 */
public enum Role {
    ADMIN,
    OPERATOR,
    AUDITOR,
    PARTNER;

    /** Spring Security's authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** As stored and typed on the command line: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "' (admin, operator, auditor, partner)");
        }
    }
}

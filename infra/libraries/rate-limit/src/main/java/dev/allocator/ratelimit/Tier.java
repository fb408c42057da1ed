package dev.allocator.ratelimit;

/** Who is counted: each tier has its own limits per group. */
public enum Tier {
    /** No API key: counted per client IP. */
    ANONYMOUS("anonymous"),
    /** A sponsor, counted after its session token was accepted. */
    SPONSOR("sponsor"),
    /** An API key with the partner role, counted per key id; a key may have its own quota. */
    PARTNER("partner"),
    /** An API key with an operator-facing role (admin, operator, auditor), counted per key id. */
    OPERATOR("operator");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

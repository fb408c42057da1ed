package dev.allocator.ratelimit;

/** The endpoint groups a limit applies to; each has its own bucket per subject. */
public enum RateLimitGroup {
    /** Creating or refreshing a session: SIWE payloads and signature checks, the costliest anonymous work. */
    SIGN_IN("sign-in"),
    /** Allocating compacts: an indexer query and a processor decision each. */
    COMPACTS("compacts"),
    /** Every other request of the public API (GET, HEAD, DELETE). */
    READS("reads"),
    /** {@code /admin/**} and the actuator endpoints other than health, info and prometheus. */
    ADMIN("admin");

    private final String label;

    RateLimitGroup(String label) {
        this.label = label;
    }

    /** The name in configuration, headers' documentation and metric tags. */
    public String label() {
        return label;
    }
}

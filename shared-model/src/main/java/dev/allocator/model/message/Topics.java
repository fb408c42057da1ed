package dev.allocator.model.message;

/** Default topic names; deployments may override them through configuration. */
public final class Topics {
    public static final String COMMANDS = "allocator.commands";
    public static final String EVENTS = "allocator.events";
    public static final String REPLIES = "allocator.replies";
    /** Security-relevant records (sign-ins, admin actions, rate limits), key = actor id, kept forever. */
    public static final String AUDIT = "allocator.audit";
    /** Operator control events (signing paused or resumed), key = "signing", one partition, kept forever. */
    public static final String CONTROL = "allocator.control";

    /** W3C trace context record header. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    /**
     * On a reply: the processor's wall-clock time of the decision, epoch milliseconds as decimal
     * text, so the HTTP tier can measure how long a decided reply takes to reach it.
     */
    public static final String DECIDED_AT_HEADER = "allocator-decided-at";

    private Topics() {}
}

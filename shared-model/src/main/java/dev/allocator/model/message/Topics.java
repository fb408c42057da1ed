package dev.allocator.model.message;

/** Default topic names; deployments may override them through configuration. */
public final class Topics {
    public static final String COMMANDS = "allocator.commands";
    public static final String EVENTS = "allocator.events";
    public static final String REPLIES = "allocator.replies";

    /** W3C trace context record header. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    private Topics() {}
}

package dev.allocator.http;

import java.util.UUID;

/**
 * The {@code X-Request-Id} a request is known by: the client's, when it is something a log line can
 * hold safely (visible ASCII, at most {@value #MAX_LENGTH} characters), else one made here. The
 * answer echoes it, so a client can quote it and an operator find the request's lines.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** The MDC key of the request id, on every line logged while the request is handled. */
    public static final String MDC_KEY = "requestId";

    static final int MAX_LENGTH = 128;

    private RequestIds() {}

    /** The client's id if acceptable, otherwise a new random one. */
    static String accept(String offered) {
        return isAcceptable(offered) ? offered : UUID.randomUUID().toString();
    }

    static boolean isAcceptable(String id) {
        return id != null
                && !id.isEmpty()
                && id.length() <= MAX_LENGTH
                && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}

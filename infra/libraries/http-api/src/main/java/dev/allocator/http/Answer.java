package dev.allocator.http;

import java.util.Optional;

/**
 * One request as it was answered, for the metrics that count answers.
 *
 * @param method the HTTP method
 * @param path the request path without the context path
 * @param route the route template that handled it ({@code /compact/{chainId}/{claimHash}}), empty
 *     when no handler was chosen (refused before Spring MVC, or no route matched)
 * @param status the status sent
 * @param errorCode the API error code it was answered with, if any ({@link RequestFacts})
 * @param nanos from the request's arrival at the outermost filter to the end of its answer
 */
public record Answer(
        String method, String path, Optional<String> route, int status, Optional<String> errorCode, long nanos) {

    /** What the request came to: {@code ok} (below 400), {@code rejected} (4xx) or {@code failed} (5xx). */
    public Outcome outcome() {
        return Outcome.ofStatus(status);
    }

    public boolean is(String method, String path) {
        return this.method.equals(method) && this.path.equals(path);
    }

    /**
     * The route as {@code http_server_requests} tags it: the template, or for a request no route
     * handled {@code NOT_FOUND} (404), {@code REDIRECTION} (3xx) or {@code UNKNOWN}.
     */
    public String uri() {
        if (route.isPresent()) {
            return route.get().isEmpty() ? "root" : route.get();
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        return status >= 300 && status < 400 ? "REDIRECTION" : "UNKNOWN";
    }

    /** The outcome of an answer as the allocator's metrics tag it. */
    public enum Outcome {
        OK,
        REJECTED,
        FAILED;

        public static Outcome ofStatus(int status) {
            if (status >= 500) {
                return FAILED;
            }
            return status >= 400 ? REJECTED : OK;
        }

        /** The tag value: {@code ok}, {@code rejected}, {@code failed}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

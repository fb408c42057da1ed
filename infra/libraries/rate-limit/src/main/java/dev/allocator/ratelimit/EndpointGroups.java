package dev.allocator.ratelimit;

import java.util.Optional;

/** Which group a request counts against, from its method and path alone; empty means not limited. */
public final class EndpointGroups {
    private EndpointGroups() {}

    public static Optional<RateLimitGroup> classify(String method, String path) {
        String m = method.toUpperCase(java.util.Locale.ROOT);
        String p = normalize(path);
        if (m.equals("OPTIONS") || unlimited(p)) {
            return Optional.empty();
        }
        if (p.equals("/admin") || p.startsWith("/admin/") || p.equals("/actuator") || p.startsWith("/actuator/")) {
            return Optional.of(RateLimitGroup.ADMIN);
        }
        if (signIn(m, p)) {
            return Optional.of(RateLimitGroup.SIGN_IN);
        }
        return switch (m) {
            // POST /compact, POST /v1/compact and any other write: each may cost an indexer query and a decision.
            case "POST", "PUT", "PATCH" -> Optional.of(RateLimitGroup.COMPACTS);
            default -> Optional.of(RateLimitGroup.READS);
        };
    }

    private static boolean unlimited(String p) {
        return p.equals("/health")
                || p.equals("/actuator/health")
                || p.startsWith("/actuator/health/")
                || p.equals("/actuator/info")
                || p.equals("/actuator/prometheus");
    }

    private static boolean signIn(String m, String p) {
        if (m.equals("POST")) {
            return p.equals("/session") || p.equals("/session/refresh");
        }
        // GET /session/{chainId}/{address}: the SIWE payload to sign.
        return (m.equals("GET") || m.equals("HEAD"))
                && p.startsWith("/session/")
                && p.substring("/session/".length()).split("/", -1).length == 2;
    }

    /** Trailing slashes and repeated slashes must not move a request into a cheaper group. */
    private static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String p = path.replaceAll("/{2,}", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}

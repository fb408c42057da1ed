package dev.allocator.ratelimit;

import java.time.Instant;

/**
 * Published as a Spring application event for every refused request, for the audit log to
 * aggregate. The subject is a client address, a sponsor address or an API key's id: never a key,
 * a token or a secret.
 */
public record RateLimitRejected(Subject subject, String group, Instant at) {
    public String tier() {
        return subject.tier().label();
    }

    public String subjectHash() {
        return subject.hash();
    }
}

package dev.allocator.ratelimit;

import java.time.Instant;

/**
 * Published as a Spring application event for every refused request, for the audit log to
 * aggregate. Carries the subject's hash only, never an IP, a key or a token.
 */
public record RateLimitRejected(String tier, String group, String subjectHash, Instant at) {}

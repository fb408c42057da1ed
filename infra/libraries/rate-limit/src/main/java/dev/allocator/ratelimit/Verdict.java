package dev.allocator.ratelimit;

/**
 * The outcome of taking one token: the limit's capacity, the tokens left, seconds until the
 * bucket is full again and, when refused, seconds until one token is back.
 */
public record Verdict(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

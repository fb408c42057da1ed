package dev.allocator.http;

/**
 * Told of every answered API request (the actuator's paths excepted) by the outermost filter, so
 * that a service can count what its endpoints answered without touching their handlers. Called on
 * the request's thread after the answer is complete; it must be quick and must not throw.
 */
@FunctionalInterface
public interface AnswerListener {
    void answered(Answer answer);
}

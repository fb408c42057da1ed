package dev.allocator.projector.consumer;

/**
 * Called inside each batch transaction after every row and position is written and before the
 * commit. Production uses {@link #NONE}; tests inject a failure here to crash a batch at its most
 * delicate point.
 */
@FunctionalInterface
public interface CommitHook {
    CommitHook NONE = () -> {};

    void beforeCommit();
}

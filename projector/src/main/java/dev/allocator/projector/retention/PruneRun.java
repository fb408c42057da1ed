package dev.allocator.projector.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * What one run of the retention job did.
 *
 * @param outcome how it ended
 * @param generation the schema it pruned, or null when it did not get that far
 * @param cutoff compacts with an expiry before this instant were due
 * @param pruned rows deleted from the serving read model (each one committed with its archive copy)
 * @param archived rows newly written to the archive; fewer than {@code pruned} when a rebuild had
 *     re-created rows that an earlier run archived already
 * @param took how long the run took
 * @param error why it failed, or null
 */
public record PruneRun(
        Outcome outcome, String generation, Instant cutoff, long pruned, long archived, Duration took, String error) {

    /** How a run ended; the wire name is the metric's {@code outcome} tag. */
    public enum Outcome {
        /** Every due row is pruned (possibly none). */
        DONE,
        /** Another instance holds the job's lock, or no generation is active yet: nothing done. */
        SKIPPED,
        /** A batch failed; the batches before it stay committed, the next run goes on. */
        FAILED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

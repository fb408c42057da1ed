package dev.allocator.model.testing;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Property tests as plain JUnit: a property runs over generated cases, each drawn from a {@link
 * Random} with its own seed. The base seed differs per run, so the cases do too; a failing case
 * names its seed, and {@code -Dallocator.test.seed=<seed>} makes that case the first one again.
 */
public final class SeededCases {
    public static final String SEED_PROPERTY = "allocator.test.seed";

    private SeededCases() {}

    /** Runs {@code property} on {@code tries} cases; fails with the seed of the first case that fails. */
    public static void forAll(int tries, Consumer<Random> property) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long base = fixed == null || fixed.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(fixed.trim());
        for (int i = 0; i < tries; i++) {
            long seed = i == 0 ? base : mix(base + i * 0x9E3779B97F4A7C15L);
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "case " + (i + 1) + " of " + tries + " failed; replay it with -D" + SEED_PROPERTY + "=" + seed
                                + "\n" + e.getMessage(),
                        e);
            }
        }
    }

    /** SplitMix64's finalizer: neighbouring bases give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

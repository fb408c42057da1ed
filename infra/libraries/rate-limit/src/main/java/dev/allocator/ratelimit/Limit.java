package dev.allocator.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * A token bucket: at most {@code capacity} requests at once, refilled continuously at {@code
 * refill} per {@code period}. In any window of length t it admits at most capacity + rate·t.
 */
public record Limit(
        @Min(1) long capacity, @Min(1) long refill, @NotNull Duration period) {
    public Limit {
        if (capacity < 1 || refill < 1) {
            throw new IllegalArgumentException("capacity and refill must be at least 1");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    public static Limit perMinute(long capacity, long refill) {
        return new Limit(capacity, refill, Duration.ofMinutes(1));
    }

    public static Limit perSecond(long capacity, long refill) {
        return new Limit(capacity, refill, Duration.ofSeconds(1));
    }

    /** Distinguishes buckets of different limits, so a changed quota starts a fresh bucket. */
    String fingerprint() {
        return capacity + "-" + refill + "-" + period.toMillis();
    }

    /** Whole seconds until {@code missing} tokens are back (rounded up, at least 1 when any are missing). */
    long secondsToRefill(long missing) {
        if (missing <= 0) {
            return 0;
        }
        long nanos = Math.multiplyExact(missing, period.toNanos()) / refill;
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}

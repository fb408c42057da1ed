package dev.allocator.load;

import java.util.Arrays;

/** Latencies of one run, in microseconds; percentiles by sorting, which is exact and fast enough here. */
final class LatencyRecorder {
    private long[] samples = new long[1 << 16];
    private int count;

    synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos / 1_000;
    }

    synchronized int count() {
        return count;
    }

    /** The q-quantile in milliseconds. */
    synchronized double percentileMillis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(q * count) - 1);
        return sorted[Math.max(0, index)] / 1_000.0;
    }
}

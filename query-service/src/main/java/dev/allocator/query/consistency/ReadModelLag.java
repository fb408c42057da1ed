package dev.allocator.query.consistency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far, and for how long, the projector's stored positions lag the log. Fed by samples of the
 * log's end offsets (high watermarks) and the positions; no I/O of its own.
 *
 * <p>"Behind since T" means: the positions have not yet reached the end the log had at T. Measured
 * this way, a projector that keeps up under a steady stream of writes is never behind for long
 * (each end it saw is reached a moment later), while one stalled on an event or an outage is
 * behind since the first end it failed to reach, however the log moves after that.
 */
final class ReadModelLag {
    /** Enough samples to date a stall precisely; older ones are thinned, the oldest always kept. */
    private static final int MAX_SAMPLES = 256;

    private final Deque<Sample> unreached = new ArrayDeque<>();
    private Map<Integer, Long> lag = Map.of();

    private record Sample(Instant at, Map<Integer, Long> ends) {}

    /** Records one reading of the log's ends and the stored positions, both taken at {@code at}. */
    synchronized void observe(Instant at, Map<Integer, Long> ends, Map<Integer, Long> positions) {
        unreached.addLast(new Sample(at, Map.copyOf(ends)));
        while (!unreached.isEmpty() && reached(unreached.peekFirst().ends(), positions)) {
            unreached.removeFirst();
        }
        if (unreached.size() > MAX_SAMPLES) {
            Sample oldest = unreached.removeFirst();
            unreached.removeFirst();
            unreached.addFirst(oldest);
        }
        Map<Integer, Long> behind = new TreeMap<>();
        ends.forEach((partition, end) ->
                behind.put(partition, Math.max(0, end - positions.getOrDefault(partition, 0L))));
        lag = Map.copyOf(behind);
    }

    /** Offsets not yet projected per partition (events and transaction markers), as of the last reading. */
    synchronized Map<Integer, Long> records() {
        return lag;
    }

    /** Since when the positions lag an end the log had; empty when they have caught up. */
    synchronized Optional<Instant> behindSince() {
        return unreached.isEmpty()
                ? Optional.empty()
                : Optional.of(unreached.peekFirst().at());
    }

    /** How long the positions have lagged, as of {@code now}; zero when they have caught up. */
    Duration behindFor(Instant now) {
        return behindSince().map(since -> Duration.between(since, now)).orElse(Duration.ZERO);
    }

    private static boolean reached(Map<Integer, Long> ends, Map<Integer, Long> positions) {
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            if (end.getValue() > 0 && positions.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}

package dev.allocator.projector.rebuild;

import java.time.Instant;
import java.util.Map;

/**
 * Where a read-model rebuild stands.
 *
 * @param state IDLE, CATCHING_UP, SWITCHED or FAILED
 * @param from the schema that served when the rebuild started
 * @param to the schema being filled from offset 0
 * @param targets the end offsets (last stable offsets) the new generation must reach before the switch
 * @param positions the new generation's positions when this status was taken
 */
public record RebuildStatus(
        State state,
        String from,
        String to,
        Map<Integer, Long> targets,
        Map<Integer, Long> positions,
        String message,
        Instant startedAt,
        Instant finishedAt) {

    public enum State {
        IDLE,
        CATCHING_UP,
        SWITCHED,
        FAILED
    }

    static RebuildStatus idle() {
        return new RebuildStatus(State.IDLE, null, null, Map.of(), Map.of(), "no rebuild has run", null, null);
    }

    RebuildStatus with(State next, Map<Integer, Long> currentPositions, String text, Instant finished) {
        return new RebuildStatus(next, from, to, targets, currentPositions, text, startedAt, finished);
    }

    public boolean finished() {
        return state == State.SWITCHED || state == State.FAILED;
    }
}

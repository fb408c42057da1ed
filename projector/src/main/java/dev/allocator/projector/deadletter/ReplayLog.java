package dev.allocator.projector.deadletter;

import static dev.allocator.readmodel.jooq.read_model_control.Tables.DEAD_LETTER_REPLAYS;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The last replay of each dead letter ({@code read_model_control.dead_letter_replays}), so that the
 * listing can say which entries were replayed, when, by whom, into which generation and how it
 * ended. The audit log records every attempt; this table only the last one and their count.
 */
final class ReplayLog {
    private ReplayLog() {}

    /** Records an attempt's outcome, replacing the previous attempt's. */
    static void record(
            DSLContext dsl,
            DeadLetterId id,
            Instant at,
            DeadLetterReplay.Outcome outcome,
            String generation,
            String error,
            String actor) {
        dsl.insertInto(DEAD_LETTER_REPLAYS)
                .set(DEAD_LETTER_REPLAYS.DLT_PARTITION, id.partition())
                .set(DEAD_LETTER_REPLAYS.DLT_OFFSET, id.offset())
                .set(DEAD_LETTER_REPLAYS.REPLAYED_AT, at.atOffset(ZoneOffset.UTC))
                .set(DEAD_LETTER_REPLAYS.OUTCOME, outcome.text())
                .set(DEAD_LETTER_REPLAYS.GENERATION, generation)
                .set(DEAD_LETTER_REPLAYS.ERROR, error)
                .set(DEAD_LETTER_REPLAYS.ACTOR, actor)
                .onConflict(DEAD_LETTER_REPLAYS.DLT_PARTITION, DEAD_LETTER_REPLAYS.DLT_OFFSET)
                .doUpdate()
                .set(DEAD_LETTER_REPLAYS.REPLAYED_AT, at.atOffset(ZoneOffset.UTC))
                .set(DEAD_LETTER_REPLAYS.OUTCOME, outcome.text())
                .set(DEAD_LETTER_REPLAYS.GENERATION, generation)
                .set(DEAD_LETTER_REPLAYS.ERROR, error)
                .set(DEAD_LETTER_REPLAYS.ACTOR, actor)
                .set(DEAD_LETTER_REPLAYS.ATTEMPTS, DEAD_LETTER_REPLAYS.ATTEMPTS.plus(1))
                .execute();
    }

    /** The last replay of each of {@code ids} that has one. */
    static Map<DeadLetterId, DeadLetter.Replay> of(DSLContext dsl, Collection<DeadLetterId> ids) {
        Map<DeadLetterId, DeadLetter.Replay> replays = new HashMap<>();
        if (ids.isEmpty()) {
            return replays;
        }
        Condition any = DSL.or(ids.stream()
                .map(id -> DEAD_LETTER_REPLAYS
                        .DLT_PARTITION
                        .eq(id.partition())
                        .and(DEAD_LETTER_REPLAYS.DLT_OFFSET.eq(id.offset())))
                .toList());
        dsl.selectFrom(DEAD_LETTER_REPLAYS)
                .where(any)
                .forEach(row -> replays.put(
                        new DeadLetterId(row.getDltPartition(), row.getDltOffset()),
                        new DeadLetter.Replay(
                                row.getReplayedAt().toInstant().toString(),
                                row.getOutcome(),
                                row.getGeneration(),
                                row.getError(),
                                row.getActor(),
                                row.getAttempts())));
        return replays;
    }
}

package dev.allocator.model.control;

import dev.allocator.model.audit.Actor;
import java.time.Instant;

/**
 * An operator's decision about the whole allocator, on the topic {@code allocator.control} (one
 * partition, key {@link ControlCodec#SIGNING_KEY}, kept forever). Facts in past tense, like the
 * events; the sponsor processor folds them into a {@link SigningStatus}.
 */
public sealed interface ControlEvent {
    /** Longest reason an operator may give; it is shown on health and in the admin API. */
    int MAX_REASON_LENGTH = 500;

    Instant at();

    Actor actor();

    /** Free text from the operator, or null. */
    String reason();

    /** From now on no compact is signed until a {@link SigningResumed}. */
    record SigningPaused(Instant at, Actor actor, String reason) implements ControlEvent {
        public SigningPaused {
            check(at, actor, reason);
        }
    }

    /** Signing goes on again. */
    record SigningResumed(Instant at, Actor actor, String reason) implements ControlEvent {
        public SigningResumed {
            check(at, actor, reason);
        }
    }

    private static void check(Instant at, Actor actor, String reason) {
        if (at == null || actor == null) {
            throw new IllegalArgumentException("a control event has a time and an actor");
        }
        if (reason != null && !validReason(reason)) {
            throw new IllegalArgumentException(
                    "a reason is 1 to " + MAX_REASON_LENGTH + " characters without control characters");
        }
    }

    /** Printable text (any script), no line breaks or other control characters, bounded. */
    static boolean validReason(String reason) {
        return !reason.isEmpty()
                && reason.codePointCount(0, reason.length()) <= MAX_REASON_LENGTH
                && reason.codePoints().noneMatch(Character::isISOControl);
    }
}

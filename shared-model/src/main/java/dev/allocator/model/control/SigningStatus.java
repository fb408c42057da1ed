package dev.allocator.model.control;

import dev.allocator.model.audit.Actor;
import java.time.Instant;

/**
 * Whether the allocator signs, as the fold of {@code allocator.control}: the last control event
 * decides, so the state is the topic's latest record and needs nothing else to be rebuilt.
 *
 * @param paused true while compacts are refused
 * @param since when the last control event took effect; null before the first one
 * @param actor who sent it; null before the first one
 * @param reason the operator's text, or null
 */
public record SigningStatus(boolean paused, Instant since, Actor actor, String reason) {
    /** Before any control event: signing. */
    public static final SigningStatus ACTIVE = new SigningStatus(false, null, null, null);

    /** The state after {@code event}; the previous state does not matter (last event wins). */
    public static SigningStatus of(ControlEvent event) {
        return new SigningStatus(
                event instanceof ControlEvent.SigningPaused, event.at(), event.actor(), event.reason());
    }
}

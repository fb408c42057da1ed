package dev.allocator.projector.consumer;

import java.sql.SQLException;
import java.util.Set;

/**
 * Why a batch failed, which decides how long it is retried.
 *
 * <p>A <em>transient</em> fault is the database or the broker being unavailable for a while: no
 * connection, a lost connection, a serialization failure or deadlock, no resources, an operator
 * shutting the server down, a timeout. Every event is fine; waiting fixes it. These are retried
 * forever with capped back-off: an outage must never dead-letter anything.
 *
 * <p>A <em>data</em> fault is one event the read model cannot store: a data exception (SQLState
 * class 22, e.g. 22021/22P05 for a NUL in text), an integrity violation (23) or a program limit
 * (54), a protocol violation (08P01), or the projection code refusing the event. Retrying cannot
 * fix it, so it is retried a few times, then the one event is isolated and dead-lettered.
 *
 * <p>08P01 is the one class-08 state that is about content, not connectivity: the server could not
 * parse the message the driver built from our values. A U+0000 in a string parameter does exactly
 * that (the server reads the text up to the NUL, then reports "insufficient data left in message"
 * and drops the connection), which is how a NUL in a witness type string once stalled the read
 * side: counted as an outage, it was retried forever.
 *
 * <p>Anything unrecognised counts as transient: a fault the projector does not understand must
 * stop it visibly (health DOWN, alert), never make it throw events away.
 */
enum BatchFault {
    TRANSIENT,
    DATA;

    /** SQLState classes of a fault in the event rather than in the database's availability. */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    /** Protocol violation: the server could not parse the values sent. */
    private static final String PROTOCOL_VIOLATION = "08P01";

    static BatchFault of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof UnstorableEventException) {
                return DATA;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                boolean data = state.equals(PROTOCOL_VIOLATION)
                        || (state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2)));
                return data ? DATA : TRANSIENT;
            }
        }
        return TRANSIENT;
    }

    /** The cause, or for a JDBC batch without one, the driver's next exception. */
    private static Throwable next(Throwable cause) {
        Throwable next = cause.getCause();
        if (next == null && cause instanceof SQLException sql) {
            next = sql.getNextException();
        }
        return next == cause ? null : next;
    }

    /** The projection code refused an event before anything reached the database. */
    static final class UnstorableEventException extends RuntimeException {
        UnstorableEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

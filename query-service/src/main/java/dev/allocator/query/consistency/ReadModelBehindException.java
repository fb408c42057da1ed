package dev.allocator.query.consistency;

/** The projector did not reach the caller's partition end within the configured wait. */
public class ReadModelBehindException extends RuntimeException {
    public ReadModelBehindException(String message) {
        super(message);
    }
}

package dev.allocator.model.message;

/** A record the codec cannot read: malformed JSON, a missing field or an unknown command or reply type. */
public class UnknownMessageException extends RuntimeException {
    public UnknownMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnknownMessageException(String message) {
        super(message);
    }
}

package dev.allocator.model.message;

/**
 * A well-formed record this release does not understand yet: a type it does not know, or a
 * schema version newer than the newest it reads. It was written by a newer release (or during a
 * rollback), so a reader stops at it and waits for an upgrade; it is never skipped or
 * dead-lettered, because it is a fact the reader would otherwise silently lose.
 */
public class UnsupportedMessageException extends UnknownMessageException {
    public UnsupportedMessageException(String message) {
        super(message);
    }
}

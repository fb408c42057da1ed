package dev.allocator.projector.web;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import org.springframework.http.HttpStatus;

/** Every error the projector's admin routes answer beyond the {@link CommonErrorCode}s. */
public enum ErrorCode implements ApiErrorCode {
    INVALID_DEAD_LETTER_ID(HttpStatus.BAD_REQUEST, "Invalid dead-letter id: must be <partition>-<offset>"),
    INVALID_LIMIT(HttpStatus.BAD_REQUEST, "Invalid limit: must be an integer from 1 to 1000"),
    INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor"),
    DEAD_LETTER_NOT_FOUND(HttpStatus.NOT_FOUND, "Dead letter not found"),
    /** The event was tried again and the read model refused it again; the entry stays listed. */
    DEAD_LETTER_REPLAY_FAILED(HttpStatus.CONFLICT, "Replay failed"),
    /** Replaying it could make the read model wrong (order); the answer says what to do instead. */
    DEAD_LETTER_REPLAY_REFUSED(HttpStatus.CONFLICT, "Replay refused"),
    READ_MODEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The read model is unavailable; retry shortly"),
    DEAD_LETTER_TOPIC_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE, "The dead-letter topic cannot be read; retry shortly");

    private final HttpStatus status;
    private final String message;

    ErrorCode(HttpStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String message() {
        return message;
    }
}

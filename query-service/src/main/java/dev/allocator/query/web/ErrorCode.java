package dev.allocator.query.web;

import org.springframework.http.HttpStatus;

/**
 * Every error the read API answers, with its status and the client-facing text. The text keeps the
 * reference allocator's wording where it has one; the code is the stable name for machines.
 */
public enum ErrorCode {
    SESSION_REQUIRED(HttpStatus.UNAUTHORIZED, "Session ID required"),
    INVALID_SESSION(HttpStatus.UNAUTHORIZED, "Invalid session"),
    INVALID_CHAIN_ID(HttpStatus.BAD_REQUEST, "Invalid chain ID format"),
    INVALID_CLAIM_HASH(HttpStatus.BAD_REQUEST, "Invalid claim hash format: must be 0x followed by 64 hex digits"),
    INVALID_LOCK_ID(HttpStatus.BAD_REQUEST, "Invalid lock ID format: must be a decimal or 0x hex integer"),
    INVALID_LIMIT(HttpStatus.BAD_REQUEST, "Invalid limit: must be an integer from 1 to 1000"),
    INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor"),
    INVALID_ALLOCATOR_ID(HttpStatus.BAD_REQUEST, "Invalid allocator ID"),
    COMPACT_NOT_FOUND(HttpStatus.NOT_FOUND, "Compact not found"),
    LOCK_NOT_FOUND(HttpStatus.NOT_FOUND, "Resource lock not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
    NONCE_SPACE_EXHAUSTED(HttpStatus.CONFLICT, "No unused nonce left for this sponsor on this chain"),
    READ_MODEL_BEHIND(
            HttpStatus.SERVICE_UNAVAILABLE, "The read model has not caught up with your last write yet; retry shortly"),
    READ_MODEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The read model is unavailable; retry shortly"),
    INDEXER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The indexer is unavailable; retry shortly"),
    INDEXER_ANSWER_REJECTED(HttpStatus.BAD_GATEWAY, "Indexer returned an invalid answer for this lock"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String message;

    ErrorCode(HttpStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    public HttpStatus status() {
        return status;
    }

    public String message() {
        return message;
    }
}

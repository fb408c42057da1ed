package dev.allocator.query.web;

import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import org.springframework.http.HttpStatus;

/**
 * Every error the read API answers beyond the {@link CommonErrorCode}s, with its status and the
 * client-facing text; the text keeps the reference allocator's wording where it has one.
 */
public enum ErrorCode implements ApiErrorCode {
    INVALID_ADDRESS(HttpStatus.BAD_REQUEST, "Invalid Ethereum address format"),
    INVALID_CLAIM_HASH(HttpStatus.BAD_REQUEST, "Invalid claim hash format: must be 0x followed by 64 hex digits"),
    INVALID_LOCK_ID(HttpStatus.BAD_REQUEST, "Invalid lock ID format: must be a decimal or 0x hex integer"),
    INVALID_LIMIT(HttpStatus.BAD_REQUEST, "Invalid limit: must be an integer from 1 to 1000"),
    INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor"),
    INVALID_AUDIT_QUERY(HttpStatus.BAD_REQUEST, "Invalid audit query"),
    INVALID_ALLOCATOR_ID(HttpStatus.BAD_REQUEST, "Invalid allocator ID"),
    COMPACT_NOT_FOUND(HttpStatus.NOT_FOUND, "Compact not found"),
    LOCK_NOT_FOUND(HttpStatus.NOT_FOUND, "Resource lock not found"),
    NONCE_SPACE_EXHAUSTED(HttpStatus.CONFLICT, "No unused nonce left for this sponsor on this chain"),
    READ_MODEL_BEHIND(
            HttpStatus.SERVICE_UNAVAILABLE, "The read model has not caught up with your last write yet; retry shortly"),
    READ_MODEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The read model is unavailable; retry shortly");

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

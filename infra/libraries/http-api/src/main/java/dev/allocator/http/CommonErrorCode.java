package dev.allocator.http;

import org.springframework.http.HttpStatus;

/** The errors both services answer the same way: authentication, request shape, dependencies. */
public enum CommonErrorCode implements ApiErrorCode {
    SESSION_REQUIRED(HttpStatus.UNAUTHORIZED, "Session ID required"),
    INVALID_SESSION(HttpStatus.UNAUTHORIZED, "Invalid session"),
    /** Operator paths (/admin/**, most of the actuator) need an API key. */
    API_KEY_REQUIRED(HttpStatus.UNAUTHORIZED, "API key required"),
    /** A key was sent but is unknown, wrong, expired or revoked: one answer for all, no oracle. */
    INVALID_API_KEY(HttpStatus.UNAUTHORIZED, "Invalid API key"),
    FORBIDDEN_ROLE(HttpStatus.FORBIDDEN, "This API key's role may not do this"),
    /** A destructive action by a key with a second factor enrolled, without X-Admin-OTP. */
    OTP_REQUIRED(HttpStatus.UNAUTHORIZED, "One-time code required (X-Admin-OTP)"),
    INVALID_OTP(HttpStatus.UNAUTHORIZED, "Invalid or already used one-time code"),
    INVALID_CHAIN_ID(HttpStatus.BAD_REQUEST, "Invalid chain ID format"),
    INVALID_JSON(HttpStatus.BAD_REQUEST, "Invalid JSON body"),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "This API answers application/json only"),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json"),
    /** A preflight from an origin, or for a method or header, the CORS policy does not allow. */
    CORS_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Cross-origin request not allowed"),
    /** A rate limit refused the request; Retry-After and the RateLimit-* headers say when to come back. */
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    INDEXER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Indexer unavailable"),
    /** The indexer is up but said something about this request's lock that we refuse. */
    INDEXER_ANSWER_REJECTED(HttpStatus.BAD_GATEWAY, "Indexer returned an invalid answer for this lock"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String message;

    CommonErrorCode(HttpStatus status, String message) {
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

    /** The code for a status the framework or the container chose. */
    public static ApiErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> INVALID_SESSION;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> INDEXER_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}

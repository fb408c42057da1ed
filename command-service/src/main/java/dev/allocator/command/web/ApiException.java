package dev.allocator.command.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal with the status, the client-facing message the reference API uses and a stable code.
 *
 * @param reason optional detail, sent as {@code reason}
 */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final String reason;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(HttpStatus status, String code, String message, String reason) {
        super(message);
        this.status = status;
        this.code = code;
        this.reason = reason;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }
}

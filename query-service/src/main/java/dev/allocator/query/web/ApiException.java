package dev.allocator.query.web;

/** A failure the API answers with its own status, text and code. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code) {
        super(code.message());
        this.code = code;
    }

    public ApiException(ErrorCode code, Throwable cause) {
        super(code.message(), cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

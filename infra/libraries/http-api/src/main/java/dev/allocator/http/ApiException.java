package dev.allocator.http;

/**
 * A refusal: the code says status and stable name; the message is the code's text unless the
 * refusal is more specific (the reference's validation messages name the field at fault).
 */
public class ApiException extends RuntimeException {
    private final ApiErrorCode code;
    private final String reason;

    public ApiException(ApiErrorCode code) {
        this(code, code.message(), null);
    }

    public ApiException(ApiErrorCode code, Throwable cause) {
        super(code.message(), cause);
        this.code = code;
        this.reason = null;
    }

    public ApiException(ApiErrorCode code, String message) {
        this(code, message, null);
    }

    /** @param reason optional detail, sent as {@code reason} */
    public ApiException(ApiErrorCode code, String message, String reason) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    public ApiErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}

package dev.allocator.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place an error becomes a response. The content type is set explicitly, so no Accept
 * header can turn an error into a failed negotiation (and a 500); a 503 says when to retry.
 */
public final class ApiErrors {
    /** Seconds a client should wait before retrying a 503. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiErrors() {}

    public static ResponseEntity<ApiError> respond(ApiException e) {
        return respond(e.code(), e.getMessage(), e.reason());
    }

    public static ResponseEntity<ApiError> respond(ApiErrorCode code) {
        return respond(code, code.message(), null);
    }

    public static ResponseEntity<ApiError> respond(ApiErrorCode code, String message, String reason) {
        return respond(code.status(), code, message, reason, HttpHeaders.EMPTY);
    }

    /** For a status the framework or the container chose, with the headers it asked for (e.g. Allow). */
    public static ResponseEntity<ApiError> respond(HttpStatusCode status, ApiErrorCode code, HttpHeaders headers) {
        return respond(status, code, code.message(), null, headers);
    }

    private static ResponseEntity<ApiError> respond(
            HttpStatusCode status, ApiErrorCode code, String message, String reason, HttpHeaders headers) {
        RequestFacts.errorCode(code);
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON);
        if (status.value() == 503) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.body(new ApiError(message, code.name(), reason));
    }

    /** For filters and the container, which answer before (or without) Spring MVC. */
    public static void write(
            HttpServletRequest request, HttpServletResponse response, ApiErrorCode code, String message)
            throws IOException {
        RequestFacts.errorCode(request, code);
        response.resetBuffer();
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (code.status().value() == 503) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        response.getOutputStream().write(JSON.writeValueAsBytes(new ApiError(message, code.name(), null)));
        response.flushBuffer();
    }
}

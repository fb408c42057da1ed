package dev.allocator.query.web;

import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The one place errors become responses: {@code {"error": text, "code": CODE}}. */
@RestControllerAdvice(basePackages = "dev.allocator.query")
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return respond(e.code());
    }

    @ExceptionHandler(IndexerUnavailableException.class)
    ResponseEntity<ApiError> indexer(IndexerUnavailableException e) {
        log.warn("Indexer unavailable: {}", e.getMessage());
        return respond(ErrorCode.INDEXER_UNAVAILABLE);
    }

    /** The indexer is up but said something about this lock we refuse: this request's error, not a retry. */
    @ExceptionHandler(IndexerAnswerRejectedException.class)
    ResponseEntity<ApiError> indexerAnswer(IndexerAnswerRejectedException e) {
        log.warn("Indexer answer rejected: {}", e.getMessage());
        return respond(ErrorCode.INDEXER_ANSWER_REJECTED);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ApiError> database(DataAccessException e) {
        log.error("Read-model query failed", e);
        return respond(ErrorCode.READ_MODEL_UNAVAILABLE);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (e instanceof ErrorResponse framework && framework.getStatusCode().is4xxClientError()) {
            // Anything else Spring MVC refuses (unacceptable media type, malformed request): the
            // client's fault, answered with its own status, never as a 500.
            return ResponseEntity.status(framework.getStatusCode())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError(ErrorCode.BAD_REQUEST.message(), ErrorCode.BAD_REQUEST.name()));
        }
        log.error("Unexpected error", e);
        return respond(ErrorCode.INTERNAL_ERROR);
    }

    static ResponseEntity<ApiError> respond(ErrorCode code) {
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_JSON);
        if (code.status().value() == 503) {
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(new ApiError(code.message(), code.name()));
    }
}

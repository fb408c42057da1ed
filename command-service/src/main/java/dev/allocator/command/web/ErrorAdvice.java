package dev.allocator.command.web;

import dev.allocator.command.gateway.DecisionUnconfirmedException;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error of the command API as a JSON body; nothing reaches the client as an HTML page or a stack trace. */
@RestControllerAdvice(basePackages = "dev.allocator.command")
class ErrorAdvice {
    private static final Logger log = LoggerFactory.getLogger(ErrorAdvice.class);
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.getMessage(), e.code(), e.reason()));
    }

    @ExceptionHandler(DecisionUnconfirmedException.class)
    ResponseEntity<ApiError> unconfirmed(DecisionUnconfirmedException e) {
        log.warn("Decision not confirmed in time: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(new ApiError(
                        "Allocation could not be confirmed in time; retry with the same Idempotency-Key",
                        "DECISION_UNCONFIRMED",
                        null));
    }

    @ExceptionHandler(IndexerUnavailableException.class)
    ResponseEntity<ApiError> indexerDown(IndexerUnavailableException e) {
        log.warn("Indexer unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(new ApiError("Indexer unavailable", "INDEXER_UNAVAILABLE", null));
    }

    /** The indexer is up but said something about this lock we refuse: this request's error, not a retry. */
    @ExceptionHandler(IndexerAnswerRejectedException.class)
    ResponseEntity<ApiError> indexerAnswerRejected(IndexerAnswerRejectedException e) {
        log.warn("Indexer answer rejected: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .body(new ApiError(
                        "Indexer returned an invalid answer for this lock", "INDEXER_ANSWER_REJECTED", null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new ApiError("Invalid JSON body", "INVALID_JSON", null));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(new ApiError("Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE", null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("Internal server error", "INTERNAL", null));
    }
}

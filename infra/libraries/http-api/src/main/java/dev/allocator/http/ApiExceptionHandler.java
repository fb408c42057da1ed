package dev.allocator.http;

import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error either service answers, as {@code {"error", "code", "reason"}}: the service's own
 * refusals, what Spring MVC refuses (unknown path, wrong method, media types, unreadable bodies) and
 * what fails unexpectedly. Client errors are one line at DEBUG; only a fault of ours is logged at
 * ERROR. A service's advice for its own exception types takes precedence over this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e) {
        if (e.code().status().is5xxServerError()) {
            log.warn("{} {}", e.code().name(), LogText.escape(e.getMessage()));
        } else {
            log.debug("Refused {} {}: {}", e.code().status().value(), e.code().name(), LogText.escape(e.getMessage()));
        }
        return ApiErrors.respond(e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        log.debug("Refused an unreadable body: {}", LogText.escape(e.getMessage()));
        return ApiErrors.respond(CommonErrorCode.INVALID_JSON);
    }

    @ExceptionHandler(IndexerUnavailableException.class)
    ResponseEntity<ApiError> indexerDown(IndexerUnavailableException e) {
        log.warn("Indexer unavailable: {}", LogText.escape(e.getMessage()));
        return ApiErrors.respond(CommonErrorCode.INDEXER_UNAVAILABLE);
    }

    /** Not evidence that the indexer is down: this request's error, not a reason to retry. */
    @ExceptionHandler(IndexerAnswerRejectedException.class)
    ResponseEntity<ApiError> indexerAnswerRejected(IndexerAnswerRejectedException e) {
        log.warn("Indexer answer rejected: {}", LogText.escape(e.getMessage()));
        return ApiErrors.respond(CommonErrorCode.INDEXER_ANSWER_REJECTED);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (e instanceof ErrorResponse framework && framework.getStatusCode().is4xxClientError()) {
            log.debug("Refused {}: {}", framework.getStatusCode().value(), LogText.escape(e.getMessage()));
            return ApiErrors.respond(
                    framework.getStatusCode(),
                    CommonErrorCode.forStatus(framework.getStatusCode().value()),
                    framework.getHeaders());
        }
        log.error("Unexpected error", e);
        return ApiErrors.respond(CommonErrorCode.INTERNAL_ERROR);
    }
}

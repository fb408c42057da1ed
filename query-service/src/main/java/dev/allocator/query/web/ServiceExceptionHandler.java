package dev.allocator.query.web;

import dev.allocator.http.ApiError;
import dev.allocator.http.ApiErrors;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The read side's own failures; everything else is the shared error model's. */
@RestControllerAdvice(basePackages = "dev.allocator.query")
class ServiceExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ServiceExceptionHandler.class);

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ApiError> database(DataAccessException e) {
        log.error("Read-model query failed", e);
        return ApiErrors.respond(ErrorCode.READ_MODEL_UNAVAILABLE);
    }
}

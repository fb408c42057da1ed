package dev.allocator.command.web;

import dev.allocator.command.gateway.DecisionUnconfirmedException;
import dev.allocator.http.ApiError;
import dev.allocator.http.ApiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The command side's own failures; everything else is the shared error model's. */
@RestControllerAdvice(basePackages = "dev.allocator.command")
class ServiceExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ServiceExceptionHandler.class);

    @ExceptionHandler(DecisionUnconfirmedException.class)
    ResponseEntity<ApiError> unconfirmed(DecisionUnconfirmedException e) {
        log.warn("Decision not confirmed in time: {}", e.getMessage());
        return ApiErrors.respond(ErrorCode.DECISION_UNCONFIRMED);
    }
}

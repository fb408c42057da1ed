package dev.allocator.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests that reach no controller at all (unknown path, wrong method) still get the API's
 * JSON error; no base package, since no controller is involved.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class RoutingExceptionHandler {
    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
        return ApiExceptionHandler.respond(ErrorCode.NOT_FOUND);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return ApiExceptionHandler.respond(ErrorCode.METHOD_NOT_ALLOWED);
    }
}

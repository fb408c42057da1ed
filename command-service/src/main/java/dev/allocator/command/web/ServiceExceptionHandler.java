package dev.allocator.command.web;

import dev.allocator.command.config.SigningControlProperties;
import dev.allocator.command.gateway.DecisionUnconfirmedException;
import dev.allocator.http.ApiError;
import dev.allocator.http.ApiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The command side's own failures; everything else is the shared error model's. Ordered before the
 * shared handler, so a paused signer's refusal gets its own Retry-After.
 */
@RestControllerAdvice(basePackages = "dev.allocator.command")
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class ServiceExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ServiceExceptionHandler.class);

    private final String pausedRetryAfter;

    ServiceExceptionHandler(SigningControlProperties signingControl) {
        this.pausedRetryAfter = Long.toString(signingControl.retryAfter().toSeconds());
    }

    /**
     * A pause lasts as long as the operator needs, not one second: the shared handler's Retry-After
     * would have every client ask again at once. Answered without a warning per request.
     */
    @ExceptionHandler(SigningPausedException.class)
    ResponseEntity<ApiError> paused(SigningPausedException e) {
        ResponseEntity<ApiError> answer = ApiErrors.respond(e);
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(answer.getHeaders());
        headers.set(HttpHeaders.RETRY_AFTER, pausedRetryAfter);
        return new ResponseEntity<>(answer.getBody(), headers, answer.getStatusCode());
    }

    @ExceptionHandler(DecisionUnconfirmedException.class)
    ResponseEntity<ApiError> unconfirmed(DecisionUnconfirmedException e) {
        log.warn("Decision not confirmed in time: {}", e.getMessage());
        return ApiErrors.respond(ErrorCode.DECISION_UNCONFIRMED);
    }
}

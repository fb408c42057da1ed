package dev.allocator.http;

import org.springframework.http.HttpStatus;

/**
 * An error the API answers: its status, the client-facing text (the reference allocator's wording
 * where it has one) and, as {@link #name()}, the stable code for machines. Each service lists its
 * own in an {@code ErrorCode} enum; those both services answer alike are {@link CommonErrorCode}.
 */
public interface ApiErrorCode {
    String name();

    HttpStatus status();

    String message();
}

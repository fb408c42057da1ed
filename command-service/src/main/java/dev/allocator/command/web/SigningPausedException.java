package dev.allocator.command.web;

import dev.allocator.http.ApiException;

/** 503 {@code SIGNING_PAUSED}: its own type so that its Retry-After is the pause's, not the default. */
public final class SigningPausedException extends ApiException {
    public SigningPausedException() {
        super(ErrorCode.SIGNING_PAUSED);
    }

    public SigningPausedException(String message) {
        super(ErrorCode.SIGNING_PAUSED, message);
    }
}

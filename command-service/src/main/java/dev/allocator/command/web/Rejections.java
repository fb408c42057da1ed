package dev.allocator.command.web;

import dev.allocator.http.ApiException;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;

/** Turns the processor's refusal into the API's status and message. */
public final class Rejections {
    private Rejections() {}

    public static ApiException toApi(Reply.Rejected rejected) {
        if (rejected.reason() == Rejection.SIGNING_PAUSED) {
            return new SigningPausedException(rejected.message());
        }
        return new ApiException(ErrorCode.of(rejected.reason()), rejected.message());
    }

    /** A reply of an unexpected kind is a bug on our side, not the client's. */
    public static IllegalStateException unexpected(Reply reply) {
        return new IllegalStateException("unexpected reply " + reply.getClass().getSimpleName());
    }
}

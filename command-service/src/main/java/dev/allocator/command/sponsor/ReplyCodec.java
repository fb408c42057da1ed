package dev.allocator.command.sponsor;

import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.Reply;

/** Stores the answer given to an idempotency key in the codec's own JSON form. */
public final class ReplyCodec {
    private final MessageCodec codec;

    public ReplyCodec(MessageCodec codec) {
        this.codec = codec;
    }

    String encodeSigned(Reply.CompactSigned reply) {
        return codec.mapper().writeValueAsString(reply);
    }

    Reply.CompactSigned decodeSigned(String json) {
        return codec.mapper().readValue(json, Reply.CompactSigned.class);
    }
}

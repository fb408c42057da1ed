package dev.allocator.model.message;

import dev.allocator.model.compact.Compact;
import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;

/**
 * Identifies an allocation request as the client sent it: the chain and the compact, its nonce null
 * when the client left the choice to the allocator. An Idempotency-Key answers only the request it
 * was first given for; {@link Event.CompactAllocated} carries the fingerprint so that the answer
 * can be rebuilt from the log alone.
 */
public final class RequestFingerprint {
    private RequestFingerprint() {}

    public static Bytes32 of(ChainId chainId, Compact requested) {
        return Keccak.hash(String.join(
                "|",
                chainId.toString(),
                requested.arbiter().lowercase(),
                requested.sponsor().lowercase(),
                String.valueOf(requested.nonce()),
                requested.expires().toString(),
                requested.id().toString(),
                requested.amount().toString(),
                String.valueOf(requested.witnessTypeString()),
                String.valueOf(requested.witnessHash())));
    }
}

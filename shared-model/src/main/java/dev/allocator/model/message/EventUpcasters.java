package dev.allocator.model.message;

import dev.allocator.model.compact.Compact;
import dev.allocator.model.value.ChainId;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The upcasters every codec applies: one per breaking change of an event in the log. */
final class EventUpcasters {
    private EventUpcasters() {}

    static List<Upcaster> all(JsonMapper mapper) {
        return List.of(compactAllocatedV1(mapper));
    }

    /**
     * Version 2 of CompactAllocated adds {@code requestFingerprint}. A version 1 event holds all it
     * is computed from: the request's nonce was open exactly when {@code nonceAssigned}.
     */
    private static Upcaster compactAllocatedV1(JsonMapper mapper) {
        return new Upcaster("CompactAllocated", 1, payload -> {
            ChainId chainId = mapper.treeToValue(payload.get("chainId"), ChainId.class);
            Compact compact = mapper.treeToValue(payload.get("compact"), Compact.class);
            boolean nonceAssigned = payload.path("nonceAssigned").asBoolean(false);
            payload.put(
                    "requestFingerprint",
                    Event.CompactAllocated.requestFingerprint(chainId, compact, nonceAssigned)
                            .value());
            return payload;
        });
    }
}

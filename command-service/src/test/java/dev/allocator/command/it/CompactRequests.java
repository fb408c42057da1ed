package dev.allocator.command.it;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import tools.jackson.databind.node.ObjectNode;

/** POST /compact bodies as a client writes them. */
public final class CompactRequests {
    public static final String ARBITER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private CompactRequests() {}

    /** A body without witness; a null nonce asks the allocator to choose. */
    public static ObjectNode body(
            Address sponsor, String nonce, long expires, LockId lock, String amount, ChainId chain) {
        ObjectNode compact = Http.JSON.createObjectNode();
        compact.put("arbiter", ARBITER);
        compact.put("sponsor", sponsor.checksummed());
        if (nonce == null) {
            compact.putNull("nonce");
        } else {
            compact.put("nonce", nonce);
        }
        compact.put("expires", Long.toString(expires));
        compact.put("id", lock.toString());
        compact.put("amount", amount);
        compact.putNull("witnessTypeString");
        compact.putNull("witnessHash");
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("chainId", chain.toString());
        body.set("compact", compact);
        return body;
    }
}

package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Uint256;
import java.util.List;

/**
 * The Compact v1 {@code MultichainCompact}: one sponsor signature over elements on several chains.
 * One type string covers every element, so either all elements carry a witness hash or none does.
 *
 * @param elements in signing order, which the hash preserves
 * @param witnessTypestring the Mandate's inner fields shared by all elements, or null without a witness
 */
public record MultichainCompact(
        Address sponsor, Uint256 nonce, Uint256 expires, List<Element> elements, String witnessTypestring) {

    public MultichainCompact {
        if (sponsor == null || nonce == null || expires == null) {
            throw new IllegalArgumentException("multichain compact fields sponsor, nonce, expires are required");
        }
        elements = Lists.nonEmptyCopy(elements, "elements");
        if (witnessTypestring != null) {
            Mandate.requireValidTypestring(witnessTypestring);
        }
        boolean witness = witnessTypestring != null;
        if (elements.stream().anyMatch(e -> e.hasWitness() != witness)) {
            throw new IllegalArgumentException(
                    "every element must carry a witness hash exactly when the compact has a witness type string");
        }
    }

    public boolean hasWitness() {
        return witnessTypestring != null;
    }
}

package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Bytes32;

/**
 * The witness a sponsor attaches. v1 always names the witness struct {@code Mandate}, so the
 * client sends only its inner fields ({@code "uint256 fillExpires,address recipient"}) and the
 * contract closes the type string itself.
 *
 * @param witnessTypestring the inner fields of the Mandate struct, without the closing ')'
 * @param witnessHash the Mandate struct hash
 */
public record Mandate(String witnessTypestring, Bytes32 witnessHash) {
    public Mandate {
        requireValidTypestring(witnessTypestring);
        if (witnessHash == null) {
            throw new IllegalArgumentException("mandate witness hash is required");
        }
    }

    /** A trailing ')' would close the struct twice: the client sent the whole struct, not its fields. */
    static void requireValidTypestring(String witnessTypestring) {
        if (witnessTypestring == null || witnessTypestring.isBlank()) {
            throw new IllegalArgumentException("witness type string must not be empty");
        }
        if (witnessTypestring.endsWith(")")) {
            throw new IllegalArgumentException("witness type string must omit the Mandate struct's closing ')'");
        }
    }
}

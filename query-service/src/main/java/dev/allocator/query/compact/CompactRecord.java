package dev.allocator.query.compact;

/**
 * One stored compact as GET /compacts and GET /compact return it. Numbers are strings: id,
 * expires and amount in decimal, the nonce as 0x and 64 hex digits; the witness fields are null
 * when the compact has no witness, and present otherwise.
 */
record CompactRecord(String chainId, Body compact, String hash, String signature, String createdAt) {
    record Body(
            String id,
            String arbiter,
            String sponsor,
            String nonce,
            String expires,
            String amount,
            String witnessTypeString,
            String witnessHash) {}
}

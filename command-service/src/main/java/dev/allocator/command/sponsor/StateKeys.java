package dev.allocator.command.sponsor;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;

/**
 * The sponsor state's key layout, in one place. Keys order byte-wise, so every prefix below is a
 * range; times in keys are zero-padded epoch seconds, so a range up to {@link #through} visits
 * entries in time order.
 */
final class StateKeys {
    /** Sorts after every key the state writes: the end of a scan over everything. */
    static final String LAST = "\uffff";

    private static final int EXPIRY_DIGITS = 13;

    private StateKeys() {}

    /** {@code S|session}: a session's sponsor, expiry and revoked flag. */
    static String session(String sessionId) {
        return "S|" + sessionId;
    }

    /** {@code W|siweNonce}: a sign-in nonce that opened a session. */
    static String siweNonce(String nonce) {
        return "W|" + nonce;
    }

    /** {@code X|sponsor|}: the sponsor's sessions and sign-in nonces ordered by expiry, for forgetting. */
    static String expiringPrefix(Address sponsor) {
        return "X|" + sponsor.lowercase() + "|";
    }

    /** {@code X|sponsor|expiry|<key>}: {@code key} (a session or sign-in nonce key) stops mattering at expiry. */
    static String expiring(Address sponsor, long expirySeconds, String key) {
        return expiringPrefix(sponsor) + pad(expirySeconds) + "|" + key;
    }

    /** The session or sign-in nonce key an {@link #expiring} key points at. */
    static String expiringTarget(Address sponsor, String expiringKey) {
        return expiringKey.substring(expiringPrefix(sponsor).length() + EXPIRY_DIGITS + 1);
    }

    /** {@code N|chain|nonce}: a used compact nonce. */
    static String nonce(ChainId chain, Nonce nonce) {
        return "N|" + chain + "|" + nonce;
    }

    /** {@code C|chain|sponsor}: the lowest fragment that may be unused; every lower one is used. */
    static String cursor(ChainId chain, Address sponsor) {
        return "C|" + chain + "|" + sponsor.lowercase();
    }

    /** {@code T|chain|sponsor|lock}: the sum of the allocations on the lock not yet pruned. */
    static String total(ChainId chain, Address sponsor, LockId lock) {
        return "T|" + lock(chain, sponsor, lock);
    }

    /** {@code E|chain|sponsor|lock|}: the same allocations ordered by the second they stop counting. */
    static String countingPrefix(ChainId chain, Address sponsor, LockId lock) {
        return "E|" + lock(chain, sponsor, lock) + "|";
    }

    /** {@code E|chain|sponsor|lock|countsUntil|claim}: one allocation's amount. */
    static String counting(ChainId chain, Address sponsor, LockId lock, long countsUntil, Bytes32 claim) {
        return countingPrefix(chain, sponsor, lock) + pad(countsUntil) + "|" + claim.value();
    }

    /** The claim hash a {@link #counting} key ends with. */
    static String countingClaim(String countingKey) {
        return countingKey.substring(countingKey.lastIndexOf('|') + 1);
    }

    /** {@code A|chain|claim}: an allocation by claim hash, to subtract processed claims. */
    static String allocation(ChainId chain, String claimHash) {
        return "A|" + chain + "|" + claimHash;
    }

    /** {@code Q|sponsor}: the sponsor's last event sequence and decision time. */
    static String sequence(Address sponsor) {
        return "Q|" + sponsor.lowercase();
    }

    /** {@code I|sponsor|key}: the answer given to an Idempotency-Key, with its request's fingerprint. */
    static String idempotency(Address sponsor, String key) {
        return "I|" + sponsor.lowercase() + "|" + key;
    }

    /** The end of a range after {@code prefix} that takes in every entry timed at or before the second. */
    static String through(String prefix, long epochSeconds) {
        return prefix + pad(epochSeconds) + "|~";
    }

    private static String lock(ChainId chain, Address sponsor, LockId lock) {
        return chain + "|" + sponsor.lowercase() + "|" + lock;
    }

    private static String pad(long epochSeconds) {
        String digits = Long.toString(Math.max(0, epochSeconds));
        return "0".repeat(Math.max(0, EXPIRY_DIGITS - digits.length())) + digits;
    }
}

package dev.allocator.command.sponsor;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.Reply;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the processor remembers per sponsor, laid out in one ordered key-value store so that
 * each decision costs a handful of point reads however long the sponsor's history is:
 *
 * <ul>
 *   <li>{@code S|session} the session, {@code W|siweNonce} the used sign-in nonces, {@code
 *       X|expiry|S|session} and {@code X|expiry|W|nonce} both ordered by expiry for forgetting;
 *   <li>{@code N|chain|nonce} used compact nonces, {@code C|chain|sponsor} the lowest fragment
 *       that may be unused (every lower one is used), advanced as nonces are taken;
 *   <li>{@code T|chain|sponsor|lock} the sum of allocations not yet pruned, {@code
 *       E|chain|sponsor|lock|expiry|claim} the same allocations ordered by the time they stop
 *       counting, {@code A|chain|claim} each allocation by claim hash;
 *   <li>{@code Q|sponsor} the last event sequence and decision time, {@code I|sponsor|key} the
 *       answer given to an idempotency key.
 * </ul>
 *
 * <p>{@link #apply} is the only way it changes.
 */
public final class SponsorState {
    private static final int EXPIRY_DIGITS = 13;

    private final KeyValueView store;
    private final ReplyCodec replies;

    public SponsorState(KeyValueView store, ReplyCodec replies) {
        this.store = store;
        this.replies = replies;
    }

    // ---- reads -------------------------------------------------------------------------------

    Optional<SessionRecord> session(String sessionId) {
        return Optional.ofNullable(store.get("S|" + sessionId)).map(SessionRecord::decode);
    }

    boolean siweNonceUsed(String nonce) {
        return store.get("W|" + nonce) != null;
    }

    boolean nonceUsed(ChainId chain, Nonce nonce) {
        return store.get(nonceKey(chain, nonce)) != null;
    }

    /** The lowest fragment not yet used: amortized O(1), the cursor only ever moves up. */
    BigInteger lowestUnusedFragment(ChainId chain, Address sponsor) {
        BigInteger fragment = cursor(chain, sponsor);
        while (fragment.compareTo(Nonce.MAX_FRAGMENT) <= 0 && nonceUsed(chain, new Nonce(sponsor, fragment))) {
            fragment = fragment.add(BigInteger.ONE);
        }
        return fragment;
    }

    /**
     * The sum of this sponsor's allocations on the lock that still count at {@code now}: not yet
     * past expiry plus the chain's finalization threshold, and not among the processed claims.
     */
    Uint256 allocated(ChainId chain, Address sponsor, LockId lock, Instant now, Collection<Bytes32> processed) {
        BigInteger total = new BigInteger(store.getOrDefault("T|" + lockKey(chain, sponsor, lock), "0"));
        BigInteger[] lapsed = {BigInteger.ZERO};
        String prefix = "E|" + lockKey(chain, sponsor, lock) + "|";
        store.range(prefix, prefix + pad(now.getEpochSecond()) + "|~", entry -> {
            lapsed[0] = lapsed[0].add(new BigInteger(entry.getValue()));
        });
        BigInteger claimed = BigInteger.ZERO;
        for (Bytes32 claim : processed) {
            Optional<Allocation> allocation = allocation(chain, claim);
            if (allocation.isPresent() && allocation.get().counts(sponsor, lock, now)) {
                claimed = claimed.add(allocation.get().amount().value());
            }
        }
        return new Uint256(total.subtract(lapsed[0]).subtract(claimed).max(BigInteger.ZERO));
    }

    public long lastSequence(Address sponsor) {
        String value = store.get("Q|" + sponsor.lowercase());
        return value == null ? 0 : Long.parseLong(value.substring(0, value.indexOf('|')));
    }

    /** Decision time never goes back for a sponsor, whatever the clocks of the HTTP tiers say. */
    Instant decisionTime(Address sponsor, Instant requested) {
        String value = store.get("Q|" + sponsor.lowercase());
        if (value == null) {
            return requested;
        }
        Instant last = Instant.ofEpochMilli(Long.parseLong(value.substring(value.indexOf('|') + 1)));
        return requested.isBefore(last) ? last : requested;
    }

    Optional<IdempotentAnswer> idempotentAnswer(Address sponsor, String key) {
        String value = store.get(idempotencyKey(sponsor, key));
        if (value == null) {
            return Optional.empty();
        }
        int split = value.indexOf('|');
        return Optional.of(new IdempotentAnswer(
                Bytes32.of(value.substring(0, split)), replies.decodeSigned(value.substring(split + 1))));
    }

    private Optional<Allocation> allocation(ChainId chain, Bytes32 claim) {
        return Optional.ofNullable(store.get("A|" + chain + "|" + claim.value()))
                .map(Allocation::decode);
    }

    private BigInteger cursor(ChainId chain, Address sponsor) {
        return new BigInteger(store.getOrDefault("C|" + chain + "|" + sponsor.lowercase(), "0"));
    }

    // ---- the only writer ---------------------------------------------------------------------

    /**
     * Applies one event at its time and records its sequence.
     *
     * @param fingerprint the idempotency fingerprint of the request behind a CompactAllocated, or null
     */
    public void apply(Event event, Address sponsor, long sequence, Instant at, Bytes32 fingerprint) {
        if (event instanceof SessionCreated created) {
            store.put("S|" + created.sessionId(), new SessionRecord(sponsor, created.expiresAt(), false).encode());
            store.put(
                    "W|" + created.siweNonce(),
                    Long.toString(created.expiresAt().toEpochMilli()));
            String expiry = pad(created.expiresAt().getEpochSecond());
            store.put("X|" + expiry + "|S|" + created.sessionId(), "");
            store.put("X|" + expiry + "|W|" + created.siweNonce(), "");
        } else if (event instanceof SessionRevoked revoked) {
            session(revoked.sessionId())
                    .ifPresent(s -> store.put(
                            "S|" + revoked.sessionId(), new SessionRecord(s.sponsor(), s.expiresAt(), true).encode()));
        } else if (event instanceof CompactAllocated allocated) {
            applyAllocation(allocated, sponsor, at, fingerprint);
        } else {
            throw new IllegalArgumentException(
                    "the processor emits no " + event.getClass().getSimpleName());
        }
        store.put("Q|" + sponsor.lowercase(), sequence + "|" + at.toEpochMilli());
    }

    private void applyAllocation(CompactAllocated allocated, Address sponsor, Instant at, Bytes32 fingerprint) {
        ChainId chain = allocated.chainId();
        Nonce nonce = Nonce.of(allocated.compact().nonce());
        store.put(nonceKey(chain, nonce), "1");
        if (nonce.belongsTo(sponsor) && nonce.fragment().equals(cursor(chain, sponsor))) {
            store.put(
                    "C|" + chain + "|" + sponsor.lowercase(),
                    lowestUnusedFragment(chain, sponsor).toString());
        }

        LockId lock = allocated.compact().id();
        long countsUntil = allocated.compact().expires().value().longValueExact()
                + allocated.snapshot().finalizationThresholdSeconds();
        Uint256 amount = allocated.compact().amount();
        String lockKey = lockKey(chain, sponsor, lock);
        prune(chain, sponsor, lock, at);
        BigInteger total = new BigInteger(store.getOrDefault("T|" + lockKey, "0"));
        store.put("T|" + lockKey, total.add(amount.value()).toString());
        store.put(
                "E|" + lockKey + "|" + pad(countsUntil) + "|"
                        + allocated.claimHash().value(),
                amount.toString());
        store.put(
                "A|" + chain + "|" + allocated.claimHash().value(),
                new Allocation(sponsor, lock, amount, countsUntil).encode());

        if (allocated.idempotencyKey() != null && fingerprint != null) {
            Reply.CompactSigned answer = new Reply.CompactSigned(
                    allocated.claimHash(),
                    allocated.signature(),
                    allocated.compact().nonce());
            store.put(
                    idempotencyKey(sponsor, allocated.idempotencyKey()),
                    fingerprint.value() + "|" + replies.encodeSigned(answer));
        }
    }

    /**
     * Forgets sessions and sign-in nonces that expired before {@code before}. Both are refused
     * once expired whether remembered or not, so this changes no decision; it keeps the store from
     * growing with every sign-in. Callers leave a margin for clock skew.
     *
     * @return how many were forgotten
     */
    public int forgetExpiredSessions(Instant before) {
        List<String> expired = new ArrayList<>();
        store.range("X|", "X|" + pad(before.getEpochSecond()) + "|~", e -> expired.add(e.getKey()));
        for (String key : expired) {
            store.delete(key.substring(key.indexOf('|', 2) + 1));
            store.delete(key);
        }
        return expired.size();
    }

    /** Drops allocations that stopped counting before {@code at}; totals stay exact. */
    private void prune(ChainId chain, Address sponsor, LockId lock, Instant at) {
        String lockKey = lockKey(chain, sponsor, lock);
        String prefix = "E|" + lockKey + "|";
        Map<String, String> lapsed = new LinkedHashMap<>();
        store.range(prefix, prefix + pad(at.getEpochSecond()) + "|~", e -> lapsed.put(e.getKey(), e.getValue()));
        if (lapsed.isEmpty()) {
            return;
        }
        BigInteger lapsedSum = BigInteger.ZERO;
        for (Map.Entry<String, String> entry : lapsed.entrySet()) {
            lapsedSum = lapsedSum.add(new BigInteger(entry.getValue()));
            store.delete(entry.getKey());
            store.delete(
                    "A|" + chain + "|" + entry.getKey().substring(entry.getKey().lastIndexOf('|') + 1));
        }
        BigInteger total = new BigInteger(store.getOrDefault("T|" + lockKey, "0"));
        store.put("T|" + lockKey, total.subtract(lapsedSum).toString());
    }

    private static String nonceKey(ChainId chain, Nonce nonce) {
        return "N|" + chain + "|" + nonce;
    }

    private static String lockKey(ChainId chain, Address sponsor, LockId lock) {
        return chain + "|" + sponsor.lowercase() + "|" + lock;
    }

    private static String idempotencyKey(Address sponsor, String key) {
        return "I|" + sponsor.lowercase() + "|" + key;
    }

    private static String pad(long epochSeconds) {
        String digits = Long.toString(Math.max(0, epochSeconds));
        return "0".repeat(Math.max(0, EXPIRY_DIGITS - digits.length())) + digits;
    }

    /** The answer an idempotency key was given, and the request it was given for. */
    record IdempotentAnswer(Bytes32 fingerprint, Reply.CompactSigned reply) {}

    /** One live allocation: it counts while {@code now < countsUntil}. */
    private record Allocation(Address sponsor, LockId lock, Uint256 amount, long countsUntil) {
        boolean counts(Address candidateSponsor, LockId candidateLock, Instant now) {
            return sponsor.equals(candidateSponsor) && lock.equals(candidateLock) && now.getEpochSecond() < countsUntil;
        }

        String encode() {
            return sponsor.lowercase() + "|" + lock + "|" + amount + "|" + countsUntil;
        }

        static Allocation decode(String text) {
            String[] parts = text.split("\\|");
            return new Allocation(
                    Address.of(parts[0]), LockId.parse(parts[1]), Uint256.parse(parts[2]), Long.parseLong(parts[3]));
        }
    }
}

package dev.allocator.command.sponsor;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRefreshed;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.EventEnvelope;
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
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the processor remembers per sponsor, laid out in one ordered key-value store (see
 * {@link StateKeys}) so that each decision costs a handful of point reads however long the
 * sponsor's history is: sessions and used sign-in nonces, used compact nonces and the nonce
 * cursor, per-lock totals with their expiry index, the answers given to idempotency keys, and the
 * last sequence and decision time.
 *
 * <p>It is a fold of the sponsor's events: {@link #apply(EventEnvelope)} is the only way it
 * changes, and it reads nothing but the envelope, so {@link #fold} over {@code allocator.events}
 * rebuilds exactly the state the processor holds. Rejections change nothing.
 */
public final class SponsorState {
    private final KeyValueView store;
    private final ReplyCodec replies;

    public SponsorState(KeyValueView store, ReplyCodec replies) {
        this.store = store;
        this.replies = replies;
    }

    /**
     * Rebuilds state from events alone, in log order; backup and restore, the auditor's replay and
     * re-partitioning rest on it.
     *
     * @throws IllegalStateException when a sponsor's sequence has a gap
     */
    public static SponsorState fold(Iterable<EventEnvelope> events, KeyValueView store, ReplyCodec replies) {
        SponsorState state = new SponsorState(store, replies);
        for (EventEnvelope event : events) {
            long expected = state.lastSequence(event.sponsor()) + 1;
            if (event.sequence() != expected) {
                throw new IllegalStateException(
                        "event " + event.sequence() + " of " + event.sponsor() + " follows " + (expected - 1));
            }
            state.apply(event);
        }
        return state;
    }

    // ---- reads -------------------------------------------------------------------------------

    Optional<SessionRecord> session(String sessionId) {
        return Optional.ofNullable(store.get(StateKeys.session(sessionId))).map(SessionRecord::decode);
    }

    boolean siweNonceUsed(String nonce) {
        return store.get(StateKeys.siweNonce(nonce)) != null;
    }

    boolean nonceUsed(ChainId chain, Nonce nonce) {
        return store.get(StateKeys.nonce(chain, nonce)) != null;
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
     * past expiry plus the chain's finalization threshold, and not among the processed claims. The
     * processed claims come with each command's snapshot and are never stored: a claim is reported
     * for 3 hours, longer than any allocation counts (2 hours plus the threshold).
     */
    Uint256 allocated(ChainId chain, Address sponsor, LockId lock, Instant now, Collection<Bytes32> processed) {
        BigInteger total = new BigInteger(store.getOrDefault(StateKeys.total(chain, sponsor, lock), "0"));
        BigInteger[] lapsed = {BigInteger.ZERO};
        String prefix = StateKeys.countingPrefix(chain, sponsor, lock);
        store.range(prefix, StateKeys.through(prefix, now.getEpochSecond()), entry -> {
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
        String value = store.get(StateKeys.sequence(sponsor));
        return value == null ? 0 : Long.parseLong(value.substring(0, value.indexOf('|')));
    }

    /**
     * Decision time never goes back for a sponsor, whatever the clocks of the HTTP tiers say: the
     * later of the command's time and the sponsor's last event. Only events move it, so a replay of
     * the same commands over the same events reaches the same time.
     */
    Instant decisionTime(Address sponsor, Instant requested) {
        String value = store.get(StateKeys.sequence(sponsor));
        if (value == null) {
            return requested;
        }
        Instant last = Instant.ofEpochMilli(Long.parseLong(value.substring(value.indexOf('|') + 1)));
        return requested.isBefore(last) ? last : requested;
    }

    Optional<IdempotentAnswer> idempotentAnswer(Address sponsor, String key) {
        String value = store.get(StateKeys.idempotency(sponsor, key));
        if (value == null) {
            return Optional.empty();
        }
        int split = value.indexOf('|');
        return Optional.of(new IdempotentAnswer(
                Bytes32.of(value.substring(0, split)), replies.decodeSigned(value.substring(split + 1))));
    }

    /**
     * Every entry in key order, for comparing two states: the processor's and a fold of its events
     * are equal exactly when their dumps are.
     */
    public SortedMap<String, String> dump() {
        SortedMap<String, String> entries = new TreeMap<>();
        store.range("", StateKeys.LAST, entry -> entries.put(entry.getKey(), entry.getValue()));
        return entries;
    }

    private Optional<Allocation> allocation(ChainId chain, Bytes32 claim) {
        return Optional.ofNullable(store.get(StateKeys.allocation(chain, claim.value())))
                .map(Allocation::decode);
    }

    private BigInteger cursor(ChainId chain, Address sponsor) {
        return new BigInteger(store.getOrDefault(StateKeys.cursor(chain, sponsor), "0"));
    }

    // ---- the only writer ---------------------------------------------------------------------

    /** Applies one event at its decision time ({@code occurredAt}) and records its sequence. */
    public void apply(EventEnvelope envelope) {
        Address sponsor = envelope.sponsor();
        Instant at = envelope.occurredAt();
        Event event = envelope.event();
        if (event instanceof SessionCreated created) {
            // Forgetting at sign-in keeps the store from growing with every sign-in, and is a fold step.
            forgetExpiredSessions(sponsor, at);
            String siweNonce = StateKeys.siweNonce(created.siweNonce());
            openSession(sponsor, created.sessionId(), created.expiresAt(), created.absoluteExpiry());
            store.put(siweNonce, Long.toString(created.expiresAt().toEpochMilli()));
            store.put(StateKeys.expiring(sponsor, created.expiresAt().getEpochSecond(), siweNonce), "");
        } else if (event instanceof SessionRevoked revoked) {
            revoke(revoked.sessionId());
        } else if (event instanceof SessionRefreshed refreshed) {
            // One event, so the old session can never be live next to the new one in any state.
            forgetExpiredSessions(sponsor, at);
            revoke(refreshed.previousSessionId());
            openSession(sponsor, refreshed.sessionId(), refreshed.expiresAt(), refreshed.absoluteExpiresAt());
        } else if (event instanceof CompactAllocated allocated) {
            applyAllocation(allocated, sponsor, at);
        } else {
            throw new IllegalArgumentException(
                    "the processor emits no " + event.getClass().getSimpleName());
        }
        store.put(StateKeys.sequence(sponsor), envelope.sequence() + "|" + at.toEpochMilli());
    }

    private void openSession(Address sponsor, String sessionId, Instant expiresAt, Instant absoluteExpiresAt) {
        String session = StateKeys.session(sessionId);
        store.put(session, new SessionRecord(sponsor, expiresAt, absoluteExpiresAt, false).encode());
        store.put(StateKeys.expiring(sponsor, expiresAt.getEpochSecond(), session), "");
    }

    private void revoke(String sessionId) {
        session(sessionId)
                .ifPresent(
                        s -> store.put(StateKeys.session(sessionId), s.revoke().encode()));
    }

    private void applyAllocation(CompactAllocated allocated, Address sponsor, Instant at) {
        ChainId chain = allocated.chainId();
        Nonce nonce = Nonce.of(allocated.compact().nonce());
        store.put(StateKeys.nonce(chain, nonce), "1");
        if (nonce.belongsTo(sponsor) && nonce.fragment().equals(cursor(chain, sponsor))) {
            store.put(
                    StateKeys.cursor(chain, sponsor),
                    lowestUnusedFragment(chain, sponsor).toString());
        }

        LockId lock = allocated.compact().id();
        long countsUntil = allocated.compact().expires().value().longValueExact()
                + allocated.snapshot().finalizationThresholdSeconds();
        Uint256 amount = allocated.compact().amount();
        prune(chain, sponsor, lock, at);
        String totalKey = StateKeys.total(chain, sponsor, lock);
        BigInteger total = new BigInteger(store.getOrDefault(totalKey, "0"));
        store.put(totalKey, total.add(amount.value()).toString());
        store.put(StateKeys.counting(chain, sponsor, lock, countsUntil, allocated.claimHash()), amount.toString());
        store.put(
                StateKeys.allocation(chain, allocated.claimHash().value()),
                new Allocation(sponsor, lock, amount, countsUntil).encode());

        if (allocated.idempotencyKey() != null) {
            Reply.CompactSigned answer = new Reply.CompactSigned(
                    allocated.claimHash(),
                    allocated.signature(),
                    allocated.compact().nonce());
            store.put(
                    StateKeys.idempotency(sponsor, allocated.idempotencyKey()),
                    allocated.requestFingerprint().value() + "|" + replies.encodeSigned(answer));
        }
    }

    /**
     * Forgets the sponsor's sessions and sign-in nonces that expired in a second before {@code
     * before}. Both are refused once expired whether remembered or not, and decision time never
     * goes back, so this changes no later decision.
     *
     * @return how many were forgotten
     */
    int forgetExpiredSessions(Address sponsor, Instant before) {
        String prefix = StateKeys.expiringPrefix(sponsor);
        List<String> expired = new ArrayList<>();
        store.range(prefix, StateKeys.through(prefix, before.getEpochSecond() - 1), e -> expired.add(e.getKey()));
        for (String key : expired) {
            store.delete(StateKeys.expiringTarget(sponsor, key));
            store.delete(key);
        }
        return expired.size();
    }

    /** Drops allocations that stopped counting at or before {@code at}; totals stay exact. */
    private void prune(ChainId chain, Address sponsor, LockId lock, Instant at) {
        String prefix = StateKeys.countingPrefix(chain, sponsor, lock);
        Map<String, String> lapsed = new LinkedHashMap<>();
        store.range(prefix, StateKeys.through(prefix, at.getEpochSecond()), e -> lapsed.put(e.getKey(), e.getValue()));
        if (lapsed.isEmpty()) {
            return;
        }
        BigInteger lapsedSum = BigInteger.ZERO;
        for (Map.Entry<String, String> entry : lapsed.entrySet()) {
            lapsedSum = lapsedSum.add(new BigInteger(entry.getValue()));
            store.delete(entry.getKey());
            store.delete(StateKeys.allocation(chain, StateKeys.countingClaim(entry.getKey())));
        }
        String totalKey = StateKeys.total(chain, sponsor, lock);
        BigInteger total = new BigInteger(store.getOrDefault(totalKey, "0"));
        store.put(totalKey, total.subtract(lapsedSum).toString());
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

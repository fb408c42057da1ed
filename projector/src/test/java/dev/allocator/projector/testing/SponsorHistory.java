package dev.allocator.projector.testing;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sponsor's event history as the sponsor processor would write it: gap-free sequences from 1,
 * real claim hashes, digests and signatures, nonces assigned from fragment 0 upwards.
 */
public final class SponsorHistory {
    public static final SigningKey ALLOCATOR =
            SigningKey.fromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    public static final Address ARBITER = Address.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    public static final LockId LOCK =
            LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000000");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Address sponsor;
    private long sequence;
    private BigInteger nextFragment = BigInteger.ZERO;

    public SponsorHistory(Address sponsor) {
        this.sponsor = sponsor;
    }

    public static SponsorHistory random() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return new SponsorHistory(Address.ofBytes(bytes));
    }

    public Address sponsor() {
        return sponsor;
    }

    public long sequence() {
        return sequence;
    }

    public EventEnvelope sessionCreated(String sessionId, Instant issuedAt, Instant expiresAt) {
        return next(
                new Event.SessionCreated(
                        sessionId,
                        sponsor,
                        ChainId.of(10),
                        "allocator.example",
                        "n0nce" + sequence,
                        issuedAt,
                        expiresAt),
                issuedAt);
    }

    /** A refresh; the absolute expiry is the new expiry (the read model does not keep it). */
    public EventEnvelope sessionRefreshed(String previousSessionId, String sessionId, Instant expiresAt, Instant at) {
        return next(new Event.SessionRefreshed(previousSessionId, sessionId, sponsor, expiresAt, expiresAt), at);
    }

    public EventEnvelope sessionRevoked(String sessionId, Instant at) {
        return next(new Event.SessionRevoked(sessionId, sponsor), at);
    }

    /** A compact with the next server-assigned nonce. */
    public EventEnvelope compactAllocated(
            String sessionId, ChainId chain, LockId lock, Uint256 amount, long expires, boolean witness, Instant at) {
        Uint256 nonce = new Nonce(sponsor, nextFragment).value();
        nextFragment = nextFragment.add(BigInteger.ONE);
        return compactWithNonce(sessionId, chain, lock, amount, expires, witness, at, nonce, true);
    }

    /** A compact with a nonce the client chose. */
    public EventEnvelope compactWithNonce(
            String sessionId,
            ChainId chain,
            LockId lock,
            Uint256 amount,
            long expires,
            boolean witness,
            Instant at,
            Uint256 nonce,
            boolean assigned) {
        return compact(
                sessionId,
                chain,
                lock,
                amount,
                expires,
                witness ? "Mandate mandate)Mandate(uint256 fillExpires,address recipient)" : null,
                at,
                nonce,
                assigned);
    }

    /** A compact with the next server-assigned nonce and the given witness type string. */
    public EventEnvelope compactWithWitness(
            String sessionId, ChainId chain, LockId lock, Uint256 amount, long expires, String witness, Instant at) {
        Uint256 nonce = new Nonce(sponsor, nextFragment).value();
        nextFragment = nextFragment.add(BigInteger.ONE);
        return compact(sessionId, chain, lock, amount, expires, witness, at, nonce, true);
    }

    private EventEnvelope compact(
            String sessionId,
            ChainId chain,
            LockId lock,
            Uint256 amount,
            long expires,
            String witness,
            Instant at,
            Uint256 nonce,
            boolean assigned) {
        Compact compact = new Compact(
                ARBITER,
                sponsor,
                nonce,
                Uint256.of(expires),
                lock,
                amount,
                witness,
                witness == null ? null : Bytes32.of("0x" + "ab".repeat(32)));
        Bytes32 claimHash = CompactV0.claimHash(compact);
        Bytes32 digest = CompactV0.digest(chain, claimHash);
        LockSnapshot snapshot = new LockSnapshot(
                chain, lock, sponsor, Uint256.ONE, 4, Uint256.of(1_000_000_000L), 0, Uint256.ZERO, List.of(), at);
        return next(
                new Event.CompactAllocated(
                        sessionId, chain, compact, claimHash, digest, ALLOCATOR.sign(digest), assigned, snapshot, null),
                at);
    }

    /** An envelope with an explicit sequence, for duplicates and gaps. */
    public EventEnvelope withSequence(long explicit, Event event, Instant at) {
        return new EventEnvelope(
                UUID.randomUUID(), sponsor, explicit, at, UUID.randomUUID().toString(), event);
    }

    /** Advances the sequence as if an event had been written elsewhere. */
    public void skip() {
        sequence++;
    }

    private EventEnvelope next(Event event, Instant at) {
        sequence++;
        return new EventEnvelope(
                UUID.randomUUID(), sponsor, sequence, at, UUID.randomUUID().toString(), event);
    }
}

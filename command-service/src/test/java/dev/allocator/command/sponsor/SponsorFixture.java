package dev.allocator.command.sponsor;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Given-when-then around the pure decider and the state it reads, without Kafka. */
final class SponsorFixture {
    static final SigningKey ALLOCATOR = SigningKey.fromHex("0x" + "0a".repeat(32));
    static final Address SPONSOR = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static final Address ARBITER = Address.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    static final ChainId CHAIN = ChainId.of(10);
    static final Uint256 ALLOCATOR_ID = Uint256.of(1);
    /** Reset period index 7 (30 days), allocator id 1, native token. */
    static final LockId LOCK = LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000000");

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String SESSION = "session-1";

    /** One codec for every fixture: building its mapper costs more than a whole test. */
    static final ReplyCodec REPLIES = new ReplyCodec(new MessageCodec());

    final SortedMapView store = new SortedMapView();
    final SponsorState state = new SponsorState(store, REPLIES);
    final SponsorDecider decider = new SponsorDecider(ALLOCATOR);
    final DecisionLoop loop = new DecisionLoop(decider);
    /** Every event emitted so far, in order: what the log would hold. */
    final List<EventEnvelope> emitted = new ArrayList<>();

    /** Decides, sequences and applies through the processor's own loop. */
    Decision handle(Command command, Instant at) {
        return handle(command, at, SigningStatus.ACTIVE);
    }

    /** As {@link #handle(Command, Instant)}, under the given signing status of allocator.control. */
    Decision handle(Command command, Instant at, SigningStatus signing) {
        DecisionLoop.Handled handled =
                loop.handle(new CommandEnvelope(UUID.randomUUID().toString(), at, command), state, signing);
        emitted.addAll(handled.events());
        return handled.decision();
    }

    SponsorFixture givenSession() {
        Decision decision = handle(
                new Command.CreateSession(
                        SESSION, SPONSOR, CHAIN, "localhost", "nonce" + SESSION + "00", T0, T0.plusSeconds(7 * 86_400)),
                T0);
        if (decision.isRejected()) {
            throw new IllegalStateException("session setup was rejected: " + decision.reply());
        }
        return this;
    }

    static Compact compact(Uint256 nonce, Instant expires, String amount) {
        return new Compact(
                ARBITER, SPONSOR, nonce, Uint256.of(expires.getEpochSecond()), LOCK, Uint256.parse(amount), null, null);
    }

    static LockSnapshot snapshot(String balance, Instant at) {
        return snapshot(balance, "0", 0, ALLOCATOR_ID, List.of(), at);
    }

    static LockSnapshot snapshot(
            String balance,
            String unfinalized,
            int withdrawalStatus,
            Uint256 allocatorId,
            List<Bytes32> claims,
            Instant at) {
        return new LockSnapshot(
                CHAIN,
                LOCK,
                SPONSOR,
                allocatorId,
                4,
                balance == null ? null : Uint256.parse(balance),
                withdrawalStatus,
                Uint256.parse(unfinalized),
                claims,
                at);
    }

    static Command.AllocateCompact allocate(Compact compact, LockSnapshot snapshot) {
        return new Command.AllocateCompact(SESSION, CHAIN, compact, snapshot, null);
    }

    static Uint256 nonceWithFragment(long fragment) {
        return new dev.allocator.model.value.Nonce(SPONSOR, BigInteger.valueOf(fragment)).value();
    }

    long sequence() {
        return emitted.size();
    }
}

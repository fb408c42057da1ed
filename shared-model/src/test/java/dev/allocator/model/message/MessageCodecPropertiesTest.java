package dev.allocator.model.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MessageCodecPropertiesTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final SigningKey KEY = SigningKey.fromHex("0x" + "42".repeat(32));
    private static final BigInteger TWO_96_MINUS_1 =
            BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);

    Arbitrary<Uint256> uint256s() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers()
                        .between(BigInteger.ZERO, Uint256.MAX_VALUE)
                        .map(Uint256::new),
                Arbitraries.of(Uint256.ZERO, Uint256.ONE, new Uint256(TWO_96_MINUS_1), Uint256.MAX));
    }

    Arbitrary<Address> addresses() {
        return Arbitraries.bytes().array(byte[].class).ofSize(20).map(Address::ofBytes);
    }

    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    }

    @Provide
    Arbitrary<Compact> compacts() {
        Arbitrary<String> witnessTypes = Arbitraries.strings().ofMinLength(1).ofMaxLength(80);
        Arbitrary<Bytes32> hashes =
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(Bytes32::ofBytes);
        Arbitrary<Uint256> nonces = Combinators.combine(
                        addresses(), Arbitraries.bigIntegers().between(BigInteger.ZERO, TWO_96_MINUS_1))
                .as((sponsor, fragment) -> new Nonce(sponsor, fragment).value());
        return Combinators.combine(
                        addresses(),
                        addresses(),
                        nonces,
                        uint256s(),
                        uint256s().map(LockId::new),
                        uint256s(),
                        witnessTypes.injectNull(0.5),
                        hashes)
                .as((arbiter, sponsor, nonce, expires, id, amount, witnessType, witnessHash) -> new Compact(
                        arbiter,
                        sponsor,
                        nonce,
                        expires,
                        id,
                        amount,
                        witnessType,
                        witnessType == null ? null : witnessHash));
    }

    @Provide
    Arbitrary<LockSnapshot> snapshots() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 1_000_000_000L).map(ChainId::of),
                        uint256s().map(LockId::new),
                        addresses(),
                        uint256s().injectNull(0.2),
                        uint256s().injectNull(0.2),
                        Arbitraries.integers().between(0, 1),
                        uint256s(),
                        instants())
                .as((chain, lock, sponsor, allocatorId, balance, status, credits, at) -> new LockSnapshot(
                        chain, lock, sponsor, allocatorId, 3, balance, status, credits, java.util.List.of(), at));
    }

    @Property(tries = 300)
    void allocateCompactCommandsRoundTrip(
            @ForAll("compacts") Compact compact, @ForAll("snapshots") LockSnapshot snapshot) {
        Command command =
                new Command.AllocateCompact(UUID.randomUUID().toString(), snapshot.chainId(), compact, snapshot, null);
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID().toString(), snapshot.observedAt(), command);

        assertThat(CODEC.decodeCommand(CODEC.encode(envelope))).isEqualTo(envelope);
    }

    @Property(tries = 200)
    void compactAllocatedEventsRoundTrip(
            @ForAll("compacts") Compact compact, @ForAll("snapshots") LockSnapshot snapshot) {
        Bytes32 claimHash = CompactV0.claimHash(compact);
        Bytes32 digest = CompactV0.digest(snapshot.chainId(), claimHash);
        Event event = new Event.CompactAllocated(
                "s", snapshot.chainId(), compact, claimHash, digest, KEY.sign(digest), false, snapshot, "k");
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(),
                compact.sponsor(),
                1 + Math.abs(snapshot.observedAt().toEpochMilli()),
                snapshot.observedAt(),
                "r",
                event);

        assertThat(CODEC.decodeEvent(CODEC.encode(envelope))).isEqualTo(envelope);
    }
}

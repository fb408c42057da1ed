package dev.allocator.model.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageCodecPropertiesTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final SigningKey KEY = SigningKey.fromHex("0x" + "42".repeat(32));

    private static Compact compact(Random random) {
        Uint256 nonce =
                new Nonce(Gen.address(random), Gen.between(random, BigInteger.ZERO, Gen.TWO_96_MINUS_1)).value();
        String witnessType = Gen.orNull(random, 0.5, () -> Gen.unicode(random, 1, 80));
        Bytes32 witnessHash = Gen.bytes32(random);
        return new Compact(
                Gen.address(random),
                Gen.address(random),
                nonce,
                Gen.uint256(random),
                new LockId(Gen.uint256(random)),
                Gen.uint256(random),
                witnessType,
                witnessType == null ? null : witnessHash);
    }

    private static LockSnapshot snapshot(Random random) {
        return new LockSnapshot(
                ChainId.of(Gen.between(random, 1, 1_000_000_000L)),
                new LockId(Gen.uint256(random)),
                Gen.address(random),
                Gen.orNull(random, 0.2, () -> Gen.uint256(random)),
                3,
                Gen.orNull(random, 0.2, () -> Gen.uint256(random)),
                Gen.intBetween(random, 0, 1),
                Gen.uint256(random),
                List.of(),
                Instant.ofEpochMilli(Gen.between(random, 0, 4_102_444_800_000L)));
    }

    @Test
    void allocateCompactCommandsRoundTrip() {
        SeededCases.forAll(300, random -> {
            Compact compact = compact(random);
            LockSnapshot snapshot = snapshot(random);
            Command command = new Command.AllocateCompact(
                    UUID.randomUUID().toString(), snapshot.chainId(), compact, snapshot, null);
            CommandEnvelope envelope = new CommandEnvelope(
                    UUID.randomUUID().toString(),
                    snapshot.observedAt(),
                    snapshot.observedAt().plusSeconds(5),
                    command);

            assertThat(CODEC.decodeCommand(CODEC.encode(envelope))).isEqualTo(envelope);
        });
    }

    @Test
    void compactAllocatedEventsRoundTrip() {
        SeededCases.forAll(200, random -> {
            Compact compact = compact(random);
            LockSnapshot snapshot = snapshot(random);
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
        });
    }
}

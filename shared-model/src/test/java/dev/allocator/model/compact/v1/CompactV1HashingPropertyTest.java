package dev.allocator.model.compact.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactV1HashingPropertyTest {
    private static final String WITNESS_TYPESTRING = "uint256 fillExpires,address recipient";

    @Test
    void claimHashChangesWhenAnySingleFieldChanges() {
        SeededCases.forAll(1000, random -> {
            CompactV1 compact = compact(random);
            int field = Gen.intBetween(random, 0, 8);
            CompactV1 changed = withOneFieldChanged(compact, field);

            assertThat(changed).isNotEqualTo(compact);
            assertThat(CompactV1Hashing.claimHash(changed)).isNotEqualTo(CompactV1Hashing.claimHash(compact));
        });
    }

    @Test
    void batchClaimHashDependsOnCommitmentOrder() {
        SeededCases.forAll(1000, random -> {
            CompactV1 base = compact(random);
            Lock first = lock(random);
            Lock second = lock(random);
            while (second.equals(first)) {
                second = lock(random);
            }
            BatchCompact inOrder = batch(base, List.of(first, second));
            BatchCompact swapped = batch(base, List.of(second, first));

            assertThat(CompactV1Hashing.claimHash(swapped)).isNotEqualTo(CompactV1Hashing.claimHash(inOrder));
        });
    }

    @Test
    void multichainClaimHashDependsOnElementOrder() {
        SeededCases.forAll(1000, random -> {
            CompactV1 base = compact(random);
            Lock first = lock(random);
            Lock second = lock(random);
            Element one = new Element(base.arbiter(), ChainId.of(1), List.of(first), null);
            Element other = new Element(base.arbiter(), ChainId.of(8453), List.of(second), null);

            Bytes32 inOrder = CompactV1Hashing.claimHash(
                    new MultichainCompact(base.sponsor(), base.nonce(), base.expires(), List.of(one, other), null));
            Bytes32 swapped = CompactV1Hashing.claimHash(
                    new MultichainCompact(base.sponsor(), base.nonce(), base.expires(), List.of(other, one), null));

            assertThat(swapped).isNotEqualTo(inOrder);
        });
    }

    @Test
    void lockSurvivesTheRoundTripThroughItsLockId() {
        SeededCases.forAll(1000, random -> {
            Lock lock = lock(random);
            assertThat(Lock.of(lock.lockId(), lock.amount())).isEqualTo(lock);
        });
    }

    private static CompactV1 compact(Random random) {
        return new CompactV1(
                Gen.address(random),
                Gen.address(random),
                uint256(random),
                uint256(random),
                lockTag(random),
                Gen.address(random),
                uint256(random),
                Gen.orNull(random, 0.3, () -> new Mandate(WITNESS_TYPESTRING, Gen.bytes32(random))));
    }

    private static Lock lock(Random random) {
        return new Lock(lockTag(random), Gen.address(random), uint256(random));
    }

    private static CompactV1 withOneFieldChanged(CompactV1 c, int field) {
        return new CompactV1(
                field == 0 ? flip(c.arbiter()) : c.arbiter(),
                field == 1 ? flip(c.sponsor()) : c.sponsor(),
                field == 2 ? flip(c.nonce()) : c.nonce(),
                field == 3 ? flip(c.expires()) : c.expires(),
                field == 4 ? LockTag.ofBytes(flip(c.lockTag().bytes())) : c.lockTag(),
                field == 5 ? flip(c.token()) : c.token(),
                field == 6 ? flip(c.amount()) : c.amount(),
                field == 7 ? flipWitnessHash(c.mandate()) : field == 8 ? flipTypestring(c.mandate()) : c.mandate());
    }

    private static Mandate flipWitnessHash(Mandate mandate) {
        if (mandate == null) {
            return new Mandate(WITNESS_TYPESTRING, Bytes32.ofBytes(new byte[32]));
        }
        return new Mandate(
                mandate.witnessTypestring(),
                Bytes32.ofBytes(flip(mandate.witnessHash().bytes())));
    }

    /** A different witness type string alone must change the hash, through the typehash. */
    private static Mandate flipTypestring(Mandate mandate) {
        if (mandate == null) {
            return new Mandate(WITNESS_TYPESTRING, Bytes32.ofBytes(new byte[32]));
        }
        return new Mandate(mandate.witnessTypestring() + ",uint256 extra", mandate.witnessHash());
    }

    private static Address flip(Address address) {
        return Address.ofBytes(flip(address.bytes()));
    }

    private static Uint256 flip(Uint256 value) {
        return new Uint256(value.value().flipBit(0));
    }

    private static byte[] flip(byte[] bytes) {
        bytes[bytes.length - 1] ^= 1;
        return bytes;
    }

    private static BatchCompact batch(CompactV1 base, List<Lock> commitments) {
        return new BatchCompact(base.arbiter(), base.sponsor(), base.nonce(), base.expires(), commitments, null);
    }

    private static LockTag lockTag(Random random) {
        return LockTag.ofBytes(Gen.bytes(random, 12));
    }

    private static Uint256 uint256(Random random) {
        return new Uint256(Gen.between(random, BigInteger.ZERO, Uint256.MAX_VALUE));
    }
}

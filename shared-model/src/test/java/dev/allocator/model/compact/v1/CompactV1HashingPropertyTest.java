package dev.allocator.model.compact.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CompactV1HashingPropertyTest {
    private static final String WITNESS_TYPESTRING = "uint256 fillExpires,address recipient";

    @Property
    void claimHashChangesWhenAnySingleFieldChanges(
            @ForAll("compacts") CompactV1 compact, @ForAll @IntRange(min = 0, max = 8) int field) {
        CompactV1 changed = withOneFieldChanged(compact, field);

        assertThat(changed).isNotEqualTo(compact);
        assertThat(CompactV1Hashing.claimHash(changed)).isNotEqualTo(CompactV1Hashing.claimHash(compact));
    }

    @Property
    void batchClaimHashDependsOnCommitmentOrder(
            @ForAll("compacts") CompactV1 base, @ForAll("locks") Lock first, @ForAll("locks") Lock second) {
        Assume.that(!first.equals(second));
        BatchCompact inOrder = batch(base, List.of(first, second));
        BatchCompact swapped = batch(base, List.of(second, first));

        assertThat(CompactV1Hashing.claimHash(swapped)).isNotEqualTo(CompactV1Hashing.claimHash(inOrder));
    }

    @Property
    void multichainClaimHashDependsOnElementOrder(
            @ForAll("compacts") CompactV1 base, @ForAll("locks") Lock first, @ForAll("locks") Lock second) {
        Element one = new Element(base.arbiter(), ChainId.of(1), List.of(first), null);
        Element other = new Element(base.arbiter(), ChainId.of(8453), List.of(second), null);

        Bytes32 inOrder = CompactV1Hashing.claimHash(
                new MultichainCompact(base.sponsor(), base.nonce(), base.expires(), List.of(one, other), null));
        Bytes32 swapped = CompactV1Hashing.claimHash(
                new MultichainCompact(base.sponsor(), base.nonce(), base.expires(), List.of(other, one), null));

        assertThat(swapped).isNotEqualTo(inOrder);
    }

    @Property
    void lockSurvivesTheRoundTripThroughItsLockId(@ForAll("locks") Lock lock) {
        assertThat(Lock.of(lock.lockId(), lock.amount())).isEqualTo(lock);
    }

    @Provide
    Arbitrary<CompactV1> compacts() {
        return Combinators.combine(
                        addresses(),
                        addresses(),
                        uint256s(),
                        uint256s(),
                        lockTags(),
                        addresses(),
                        uint256s(),
                        bytes32s()
                                .map(hash -> new Mandate(WITNESS_TYPESTRING, hash))
                                .injectNull(0.3))
                .as(CompactV1::new);
    }

    @Provide
    Arbitrary<Lock> locks() {
        return Combinators.combine(lockTags(), addresses(), uint256s()).as(Lock::new);
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

    private static Arbitrary<Address> addresses() {
        return bytes(20).map(Address::ofBytes);
    }

    private static Arbitrary<LockTag> lockTags() {
        return bytes(12).map(LockTag::ofBytes);
    }

    private static Arbitrary<Bytes32> bytes32s() {
        return bytes(32).map(Bytes32::ofBytes);
    }

    private static Arbitrary<Uint256> uint256s() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, Uint256.MAX_VALUE)
                .map(Uint256::new);
    }

    private static Arbitrary<byte[]> bytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }
}

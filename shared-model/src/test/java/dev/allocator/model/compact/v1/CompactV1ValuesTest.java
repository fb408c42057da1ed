package dev.allocator.model.compact.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CompactV1ValuesTest {
    private static final Address ARBITER = Address.of("0x0000000000000000000000000000000000000001");
    private static final Address SPONSOR = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final Address USDC = Address.of("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48");
    private static final LockTag TAG = LockTag.of("0x373e2130213b802212439497");
    private static final Lock LOCK = new Lock(TAG, Address.ZERO, Uint256.ONE);
    private static final Bytes32 WITNESS = Bytes32.ofBytes(new byte[32]);
    private static final String WITNESS_TYPESTRING = "uint256 fillExpires,address recipient";

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "0x373e2130213b8022124394", // 11 bytes
                "0x373e2130213b80221243949700", // 13 bytes
                "373e2130213b802212439497", // no 0x
                "0x373e2130213b80221243949z"
            })
    void lockTagRejectsAnythingButTwelveHexBytes(String text) {
        assertThatThrownBy(() -> LockTag.of(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lockTagRejectsByteArraysOfTheWrongLength() {
        assertThatThrownBy(() -> LockTag.ofBytes(new byte[11])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockTag.ofBytes(new byte[13])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockTag.ofBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lockTagsCompareByContentWhateverTheLetterCase() {
        LockTag upper = LockTag.of("0x373E2130213B802212439497");

        assertThat(upper).isEqualTo(TAG);
        assertThat(upper.value()).isEqualTo("0x373e2130213b802212439497");
        assertThat(new Lock(LockTag.ofBytes(TAG.bytes()), Address.ZERO, Uint256.ONE))
                .isEqualTo(LOCK);
    }

    @Test
    void lockSplitsItsLockIdIntoTagAndToken() {
        LockId id = LockId.parse("0x373e2130213b802212439497a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");

        Lock lock = Lock.of(id, Uint256.of(5_000_000));

        assertThat(lock).isEqualTo(new Lock(TAG, USDC, Uint256.of(5_000_000)));
        assertThat(lock.lockId()).isEqualTo(id);
    }

    @Test
    void lockRejectsMissingFields() {
        assertThatThrownBy(() -> new Lock(null, Address.ZERO, Uint256.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lock(TAG, null, Uint256.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lock(TAG, Address.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "uint256 fillExpires,address recipient)"})
    void mandateRejectsAnEmptyOrClosedWitnessTypestring(String typestring) {
        assertThatThrownBy(() -> new Mandate(typestring, WITNESS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactV1Hashing.mandateTypehash(typestring))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mandateRejectsAMissingWitnessHash() {
        assertThatThrownBy(() -> new Mandate(WITNESS_TYPESTRING, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactRejectsMissingFieldsButNotAMissingMandate() {
        assertThatThrownBy(() -> new CompactV1(
                        ARBITER, SPONSOR, Uint256.ONE, Uint256.ONE, null, Address.ZERO, Uint256.ONE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new CompactV1(null, SPONSOR, Uint256.ONE, Uint256.ONE, TAG, Address.ZERO, Uint256.ONE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CompactV1(ARBITER, SPONSOR, Uint256.ONE, Uint256.ONE, TAG, Address.ZERO, Uint256.ONE, null)
                        .hasWitness())
                .isFalse();
    }

    @Test
    void batchCompactRejectsEmptyOrNullCommitments() {
        assertThatThrownBy(() -> batch(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch(Arrays.asList(LOCK, null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elementRejectsEmptyCommitmentsAndMissingFields() {
        assertThatThrownBy(() -> new Element(ARBITER, ChainId.of(1), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Element(ARBITER, null, List.of(LOCK), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multichainCompactRejectsEmptyElements() {
        assertThatThrownBy(() -> multichain(List.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multichainCompactNeedsAWitnessHashOnEveryElementExactlyWhenItHasAWitnessTypestring() {
        Element plain = new Element(ARBITER, ChainId.of(1), List.of(LOCK), null);
        Element witnessed = new Element(ARBITER, ChainId.of(8453), List.of(LOCK), WITNESS);

        assertThatThrownBy(() -> multichain(List.of(witnessed, plain), WITNESS_TYPESTRING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multichain(List.of(witnessed), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multichain(List.of(witnessed), "uint256 x)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(multichain(List.of(witnessed), WITNESS_TYPESTRING).hasWitness())
                .isTrue();
    }

    @Test
    void listsAreImmutableCopiesSoASignedHashCannotChangeUnderneath() {
        List<Lock> source = new ArrayList<>(List.of(LOCK));
        BatchCompact compact = batch(source);
        Bytes32 before = CompactV1Hashing.claimHash(compact);

        source.add(new Lock(TAG, USDC, Uint256.ONE));

        assertThat(compact.commitments()).containsExactly(LOCK);
        assertThat(CompactV1Hashing.claimHash(compact)).isEqualTo(before);
        assertThatThrownBy(() -> compact.commitments().add(LOCK)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static BatchCompact batch(List<Lock> commitments) {
        return new BatchCompact(ARBITER, SPONSOR, Uint256.ONE, Uint256.ONE, commitments, null);
    }

    private static MultichainCompact multichain(List<Element> elements, String witnessTypestring) {
        return new MultichainCompact(SPONSOR, Uint256.ONE, Uint256.ONE, elements, witnessTypestring);
    }
}

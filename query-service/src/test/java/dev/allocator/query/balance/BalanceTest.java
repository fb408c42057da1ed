package dev.allocator.query.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.value.Uint256;
import org.junit.jupiter.api.Test;

class BalanceTest {

    @Test
    void availableIsTheDifferenceWhileAllocatedIsBelowAllocatable() {
        assertThat(new Balance(Uint256.of(900), Uint256.of(250), 0).available()).isEqualTo(Uint256.of(650));
    }

    @Test
    void availableIsZeroOnceAllocatedReachesAllocatable() {
        assertThat(new Balance(Uint256.of(900), Uint256.of(900), 0).available()).isEqualTo(Uint256.ZERO);
        assertThat(new Balance(Uint256.of(900), Uint256.of(901), 0).available()).isEqualTo(Uint256.ZERO);
    }

    @Test
    void availableIsZeroUnderAForcedWithdrawal() {
        assertThat(new Balance(Uint256.of(900), Uint256.ZERO, 1).available()).isEqualTo(Uint256.ZERO);
    }

    @Test
    void staysExactAtTheTopOfTheRange() {
        assertThat(new Balance(Uint256.MAX, Uint256.ONE, 0).available())
                .isEqualTo(new Uint256(Uint256.MAX_VALUE.subtract(java.math.BigInteger.ONE)));
    }
}

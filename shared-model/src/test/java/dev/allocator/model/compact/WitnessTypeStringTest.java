package dev.allocator.model.compact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WitnessTypeStringTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Mandate mandate)Mandate(uint256 fillExpires)",
                "uint256 witness)",
                "Witness witness)Witness(uint256 witnessArgument)",
                "Mandate mandate)Mandate(address recipient,uint256 expires,address token,uint256 minimumAmount,"
                        + "uint256 baselinePriorityFee,uint256 scalingFactor,bytes32 salt)",
                "Mandate[] mandates)Fill(bytes32 hash)Mandate(Fill[2] fills,string note,bytes data,int8 tick)",
                "Order order)Asset(address token,uint96 amount)Order(Asset[] assets,bool partial,bytes1 flag)",
            })
    void acceptsWitnessesTheTypeGrammarAllows(String text) {
        assertThat(WitnessTypeString.problem(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\u0000",
                " ",
                "Mandate mandate)Mandate(uint256 fill\u0000)",
                "Mandate mandate)Mandate(uint256 fill\n)",
                "Mandate mandate)Mandate(uint256 fillé)",
                "Mandate mandate)Mandate(uint256 fillExpires",
                "Mandate mandate)Mandate(uint256 fillExpires))",
                "Mandate mandate)Mandate(uint256 fillExpires) ",
                "mandate)Mandate(uint256 fillExpires)",
                "Mandate mandate)Mandate(uint256 fill-expires)",
                "Mandate mandate)Mandate(bytes33 a)",
                "Mandate mandate)Mandate(uint7 a)",
                "Mandate mandate)",
                "Mandate mandate)Mandate()",
                "Mandate mandate)Mandate(uint256 a,uint256 a)",
                "Mandate mandate)Mandate(uint256 a)Mandate(uint256 b)",
                "Mandate mandate)Mandate(uint256 a)Unused(uint256 b)",
                "Mandate mandate)Mandate(uint256 a,)",
                "Mandate  mandate)Mandate(uint256 a)",
                "Mandate mandate)uint256(uint256 a)",
            })
    void refusesWhatTheTypeGrammarDoesNotAllow(String text) {
        assertThat(WitnessTypeString.problem(text)).isPresent();
    }

    @Test
    void refusesStringsLongerThanTheBound() {
        StringBuilder text = new StringBuilder("Mandate mandate)Mandate(uint256 a0");
        for (int i = 1; text.length() < WitnessTypeString.MAX_LENGTH; i++) {
            text.append(",uint256 a").append(i);
        }
        text.append(')');

        assertThat(WitnessTypeString.problem(text.toString()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("at most"));
    }
}

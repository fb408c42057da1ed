package dev.allocator.model.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.testing.WitnessTypes;
import java.util.Random;
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

    @Test
    void acceptsEveryGeneratedWitnessAndRefusesItWithAControlCharacterAnywhere() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            String text = WitnessTypes.valid(random);
            assertThat(WitnessTypeString.problem(text))
                    .as("%s (seed %d)", text, seed)
                    .isEmpty();
            int at = random.nextInt(text.length() + 1);
            char control = (char) random.nextInt(0x20);
            String broken = text.substring(0, at) + control + text.substring(at);
            assertThat(WitnessTypeString.problem(broken))
                    .as("%s (seed %d)", broken, seed)
                    .isPresent();
        }
    }
}

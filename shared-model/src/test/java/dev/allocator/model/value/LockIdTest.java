package dev.allocator.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.testing.Vectors;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LockIdTest {
    private static final JsonNode FILE = Vectors.load("compact-v0.json");

    @Test
    void decodesTheVectorLockIds() {
        for (JsonNode vector : FILE.get("lockIds")) {
            LockId id = LockId.parse(vector.get("id").asString());
            assertThat(id.scope()).isEqualTo(vector.get("scope").asInt());
            assertThat(id.resetPeriod().index())
                    .isEqualTo(vector.get("resetPeriodIndex").asInt());
            assertThat(id.resetPeriod().seconds())
                    .isEqualTo(vector.get("resetPeriodSeconds").asLong());
            assertThat(id.allocatorId())
                    .isEqualTo(new BigInteger(vector.get("allocatorId").asString()));
            assertThat(id.token()).isEqualTo(Address.of(vector.get("token").asString()));
        }
    }

    @Test
    void resetPeriodsAreTheContractValues() {
        JsonNode expected = FILE.get("resetPeriodsSeconds");
        assertThat(ResetPeriod.values()).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ResetPeriod.ofIndex(i).seconds())
                    .isEqualTo(expected.get(i).asLong());
        }
        assertThat(ResetPeriod.SEVEN_DAYS_AND_ONE_HOUR.seconds()).isEqualTo(608_400);
    }

    @Test
    void fieldsComposeBackToTheId() {
        SeededCases.forAll(1000, random -> {
            int scope = Gen.intBetween(random, 0, 1);
            int resetIndex = Gen.intBetween(random, 0, 7);
            BigInteger allocatorId = Gen.between(
                    random, BigInteger.ZERO, BigInteger.ONE.shiftLeft(92).subtract(BigInteger.ONE));
            Address token = Gen.address(random);
            BigInteger raw = BigInteger.valueOf(scope)
                    .shiftLeft(255)
                    .or(BigInteger.valueOf(resetIndex).shiftLeft(252))
                    .or(allocatorId.shiftLeft(160))
                    .or(new BigInteger(1, token.bytes()));
            LockId id = new LockId(new Uint256(raw));

            assertThat(id.scope()).isEqualTo(scope);
            assertThat(id.resetPeriod()).isEqualTo(ResetPeriod.ofIndex(resetIndex));
            assertThat(id.allocatorId()).isEqualTo(allocatorId);
            assertThat(id.token()).isEqualTo(token);
            assertThat(new BigInteger(1, id.lockTag())).isEqualTo(raw.shiftRight(160));
        });
    }
}

package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.ResetPeriod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class SeedFileTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static SeedFile parse(String json) {
        return SeedFile.parse(JSON.readTree(json), "seed.json");
    }

    @Test
    void theDevelopmentAccountsAreTheOnesTheStandInFunds() {
        assertThat(SeedFile.DEV_KEYS.stream()
                        .map(key -> SigningKey.fromHex(key).address().checksummed()))
                .containsExactly(
                        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    }

    @Test
    void readsTheExampleWithItsDefaults() throws Exception {
        SeedFile seed = SeedFile.read(Path.of("seed.example.json"));

        assertThat(seed.deposits()).hasSize(2);
        SeedFile.Deposit first = seed.deposits().get(0);
        assertThat(first.account()).isEqualTo(Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"));
        assertThat(first.chains()).containsExactly(ChainId.of(10));
        SeedFile.Deposit defaults = seed.deposits().get(1);
        assertThat(defaults.chains()).isEqualTo(IndexerStandIn.DEMO_CHAINS);
        assertThat(defaults.multichain()).isTrue();
        assertThat(defaults.resetPeriod()).isEqualTo(ResetPeriod.TEN_MINUTES);
        assertThat(defaults.secondsAgo()).isEqualTo(86_400);
        assertThat(seed.sessions())
                .extracting(session -> session.key().address().checksummed())
                .containsExactly(
                        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    }

    @Test
    void saysWhereAMistakeIsAndNeverQuotesAKey(@TempDir Path dir) throws Exception {
        String key = SigningKey.fromHex(SeedFile.DEV_KEYS.get(2)).privateKeyHex();
        String broken = key.substring(0, 60) + "zz";
        assertThatThrownBy(() -> parse("{\"sessions\": [{\"privateKey\": \"" + broken + "\", \"chainId\": 10}]}"))
                .hasMessage("seed file seed.json: sessions[0]: \"privateKey\" must be 0x and 64 hex digits")
                .hasMessageNotContaining(broken.substring(4, 30));
        assertThatThrownBy(() -> parse("{\"sessions\": [{\"devAccount\": 0, \"privateKey\": \"" + key + "\"}]}"))
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> parse("{\"sessions\": [{\"devAccount\": 7, \"chainId\": 10}]}"))
                .hasMessageContaining("\"devAccount\" must be 0 to 2");
        assertThatThrownBy(() -> parse("{\"deposits\": [{\"account\": \"0x1\", \"amount\": \"1\"}]}"))
                .hasMessageContaining("deposits[0].account: not an address");
        assertThatThrownBy(() -> parse("{\"deposits\": [{\"devAccount\": 0, \"amount\": \"-1\"}]}"))
                .hasMessageContaining("\"amount\" must be a positive decimal string");
        assertThatThrownBy(() -> parse("{\"deposits\": [{\"devAccount\": 0, \"amount\": \"1\", \"chains\": [5]}]}"))
                .hasMessageContaining("chain 5 is not one the stand-in serves");
        assertThatThrownBy(() -> parse("{\"deposit\": []}")).hasMessageContaining("unknown field \"deposit\"");
        Path notJson = Files.writeString(dir.resolve("seed.json"), "{deposits:");
        assertThatThrownBy(() -> SeedFile.read(notJson)).hasMessageContaining("is not JSON");
        assertThat(parse("{}")).isEqualTo(new SeedFile(List.of(), List.of()));
    }
}

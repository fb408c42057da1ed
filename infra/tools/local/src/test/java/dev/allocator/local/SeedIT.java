package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.it.Http;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./allocator local --seed FILE} on a fresh stack: the file's deposits are in the stand-in
 * under this allocator, and its sessions are real ones, signed in through the API, whose tokens
 * read those deposits.
 */
class SeedIT {

    @Test
    void loadsDepositsAndSignsInSessions() throws Exception {
        LocalOptions base = TestOptions.onFreePorts();
        SigningKey sponsor = SigningKey.generate(new SecureRandom());
        Path seedFile = Files.writeString(base.dataDir().resolve("seed.json"), """
                {
                  "deposits": [
                    {"account": "%s", "chains": [10], "resetPeriod": "ONE_DAY", "amount": "4200000"},
                    {"devAccount": 2, "chains": [8453], "amount": "7"}
                  ],
                  "sessions": [
                    {"privateKey": "%s", "chainId": 10},
                    {"devAccount": 2, "chainId": 8453}
                  ]
                }
                """.formatted(
                        sponsor.address().checksummed(), sponsor.privateKeyHex()));
        LocalOptions options = base.withSeed(seedFile);

        try (LocalAllocator stack = new LocalAllocator().start(options)) {
            List<SeedFile.Started> sessions = stack.seededSessions();
            assertThat(sessions)
                    .extracting(SeedFile.Started::address, SeedFile.Started::chain)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(sponsor.address(), ChainId.of(10)),
                            org.assertj.core.groups.Tuple.tuple(
                                    SigningKey.fromHex(SeedFile.DEV_KEYS.get(2)).address(), ChainId.of(8453)));

            JsonNode balances = balances(stack, sessions.get(0).sessionId());
            assertThat(balances).hasSize(1);
            assertThat(balances.get(0).get("chainId").asString()).isEqualTo("10");
            assertThat(balances.get(0).get("balanceAvailableToAllocate").asString())
                    .isEqualTo("4200000");

            // On top of the stand-in's demo seed: the third development account has both.
            assertThat(balances(stack, sessions.get(1).sessionId()))
                    .anySatisfy(
                            b -> assertThat(b.get("balanceAvailableToAllocate").asString())
                                    .isEqualTo("7"));

            Path tokens = options.dataDir().resolve(SeedFile.SESSIONS_FILE);
            assertThat(Files.getPosixFilePermissions(tokens))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            JsonNode written = Http.JSON.readTree(Files.readString(tokens));
            assertThat(written.get("sessions").get(0).get("sessionId").asString())
                    .isEqualTo(sessions.get(0).sessionId());
            assertThat(Files.readString(tokens))
                    .doesNotContain(sponsor.privateKeyHex().substring(2));
        }
    }

    private static JsonNode balances(LocalAllocator stack, String session) {
        Http.Response response = Http.get(stack.apiUrl() + "/balances", Map.of("x-session-id", session));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().get("balances");
    }
}

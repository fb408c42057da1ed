package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.it.CompactRequests;
import dev.allocator.command.it.Http;
import dev.allocator.command.it.Wallet;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The README's run command end to end: start the local stack on free ports, walk a client through
 * everything with real SIWE and EIP-712 signatures over HTTP, stop it, start it again on the same
 * data directory, and find the sessions, used nonces and compacts still there.
 */
class LocalStackIT {
    static final ChainId CHAIN = ChainId.of(10);

    @Test
    void runsTheWholeClientFlowAndKeepsItsDataAcrossARestart() throws Exception {
        LocalOptions options = TestOptions.onFreePorts();
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token;
        String signedHash;
        LockId lock;
        Address allocator;

        try (LocalAllocator stack = new LocalAllocator().start(options)) {
            for (LocalService service : LocalService.values()) {
                Http.Response ready = Http.get(stack.serviceUrl(service) + Readiness.PATH, Map.of());
                assertThat(ready.status()).as(service + ": " + ready.raw()).isEqualTo(200);
                assertThat(ready.body().get("status").asString()).isEqualTo("UP");
            }
            // The first run's admin key, owner-readable only, opens the operator routes and health details.
            Path keyFile = options.dataDir().resolve(AdminKey.FILE);
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            Map<String, String> admin =
                    Map.of("X-API-Key", Files.readString(keyFile).trim());
            Http.Response keys = Http.get(stack.apiUrl() + "/admin/keys", admin);
            assertThat(keys.status()).as(keys.raw()).isEqualTo(200);
            assertThat(keys.body().get("keys").get(0).get("role").asString()).isEqualTo("admin");
            assertThat(Http.get(stack.apiUrl() + "/admin/read-model/rebuild", Map.of())
                            .status())
                    .isEqualTo(401);
            assertThat(Http.get(stack.apiUrl() + "/admin/read-model/rebuild", admin)
                            .status())
                    .as("the projector is reachable through the gateway")
                    .isEqualTo(200);
            Http.Response components = Http.get(stack.serviceUrl(LocalService.COMMAND) + Readiness.PATH, admin);
            assertThat(components
                            .body()
                            .get("components")
                            .get("sponsorProcessor")
                            .get("details")
                            .get("state")
                            .asString())
                    .as("ready once the processor runs")
                    .isEqualTo("RUNNING");
            Http.Response info = Http.get(stack.serviceUrl(LocalService.PROJECTOR) + "/actuator/info", Map.of());
            assertThat(info.body().get("build").get("artifact").asString())
                    .as("each service shows its own build on the shared class path")
                    .isEqualTo("projector");
            String api = stack.apiUrl();
            Http.Response health = Http.get(api + "/health", Map.of());
            assertThat(health.status()).as(health.raw()).isEqualTo(200);
            allocator = Address.of(health.body().get("signingAddress").asString());

            token = wallet.signIn(api, CHAIN);
            lock = DevLedger.fund(stack, wallet.address(), 1, "1000");
            Map<String, String> session = Map.of("x-session-id", token);
            long expires = Instant.now().getEpochSecond() + 3600;

            Http.Response first = Http.post(
                    api + "/compact",
                    CompactRequests.body(wallet.address(), null, expires, lock, "600", CHAIN),
                    session);
            assertThat(first.status()).as(first.raw()).isEqualTo(200);
            assertThat(first.body().get("nonce").asString())
                    .isEqualTo(new Nonce(wallet.address(), BigInteger.ZERO).toString());
            signedHash = first.body().get("hash").asString();

            ObjectNode witnessed = CompactRequests.body(wallet.address(), null, expires, lock, "300", CHAIN);
            ((ObjectNode) witnessed.get("compact"))
                    .put("witnessTypeString", "Mandate mandate)Mandate(uint256 fillExpires)");
            ((ObjectNode) witnessed.get("compact")).put("witnessHash", "0x" + "34".repeat(32));
            Http.Response second = Http.post(api + "/compact", witnessed, session);
            assertThat(second.status()).as(second.raw()).isEqualTo(200);
            Compact signed = new Compact(
                    Address.of(CompactRequests.ARBITER),
                    wallet.address(),
                    Uint256.parse(second.body().get("nonce").asString()),
                    Uint256.of(expires),
                    lock,
                    Uint256.of(300),
                    "Mandate mandate)Mandate(uint256 fillExpires)",
                    Bytes32.of("0x" + "34".repeat(32)));
            Bytes32 claimHash = CompactV0.claimHash(signed);
            assertThat(second.body().get("hash").asString()).isEqualTo(claimHash.value());
            assertThat(Signature.parse(second.body().get("signature").asString())
                            .recover(CompactV0.digest(CHAIN, claimHash)))
                    .contains(allocator);

            Http.Response refused = Http.post(
                    api + "/compact",
                    CompactRequests.body(wallet.address(), null, expires, lock, "101", CHAIN),
                    session);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error()).isEqualTo("Insufficient allocatable balance (have 1000, need 1001)");

            Http.Response compacts = Http.get(api + "/compacts", session);
            assertThat(compacts.status()).as(compacts.raw()).isEqualTo(200);
            assertThat(compacts.body()).hasSize(2);
            assertThat(compacts.body()
                            .get(0)
                            .get("compact")
                            .get("witnessTypeString")
                            .asString())
                    .isEqualTo("Mandate mandate)Mandate(uint256 fillExpires)");

            Http.Response one = Http.get(api + "/compact/10/" + signedHash, session);
            assertThat(one.status()).as(one.raw()).isEqualTo(200);
            assertThat(one.body().get("hash").asString()).isEqualTo(signedHash);

            Http.Response balance = Http.get(api + "/balance/10/" + lock, session);
            assertThat(balance.status()).as(balance.raw()).isEqualTo(200);
            assertThat(balance.body().get("allocatableBalance").asString()).isEqualTo("1000");
            assertThat(balance.body().get("allocatedBalance").asString()).isEqualTo("900");
            assertThat(balance.body().get("balanceAvailableToAllocate").asString())
                    .isEqualTo("100");

            QuickstartClient.Outcome quickstart =
                    new QuickstartClient(api, SigningKey.fromHex(QuickstartClient.DEMO_KEY)).run(CHAIN);
            assertThat(quickstart.signer()).isEqualTo(allocator);
            // docs/quickstart.md's idempotent request, sent twice: the same answer, not a 422.
            assertThat(quickstart.repeatedAnswer()).isEqualTo(quickstart.answer());

            Http.Response suggested = Http.get(api + "/suggested-nonce/10", session);
            assertThat(suggested.status()).as(suggested.raw()).isEqualTo(200);
            assertThat(suggested.body().get("nonce").asString())
                    .isEqualTo(new Nonce(wallet.address(), BigInteger.TWO).toString());
        }

        try (LocalAllocator restarted = new LocalAllocator().start(options)) {
            String api = restarted.apiUrl();
            Map<String, String> session = Map.of("x-session-id", token);
            Http.Response health = Http.get(api + "/health", Map.of());
            assertThat(health.body().get("signingAddress").asString()).isEqualTo(allocator.checksummed());

            Http.Response compacts = Http.get(api + "/compacts", session);
            assertThat(compacts.status()).as(compacts.raw()).isEqualTo(200);
            assertThat(compacts.body())
                    .extracting(c -> c.get("hash").asString())
                    .contains(signedHash);

            Http.Response reused = Http.post(
                    api + "/compact",
                    CompactRequests.body(
                            wallet.address(),
                            new Nonce(wallet.address(), BigInteger.ZERO).toString(),
                            Instant.now().getEpochSecond() + 3600,
                            lock,
                            "1",
                            CHAIN),
                    session);
            assertThat(reused.status()).as(reused.raw()).isEqualTo(400);
            assertThat(reused.error()).isEqualTo("Nonce has already been used");

            Http.Response signOut = Http.delete(api + "/session", session);
            assertThat(signOut.status()).as(signOut.raw()).isEqualTo(200);
            Http.Response afterSignOut = Http.post(
                    api + "/compact",
                    CompactRequests.body(
                            wallet.address(), null, Instant.now().getEpochSecond() + 3600, lock, "1", CHAIN),
                    session);
            assertThat(afterSignOut.status()).isEqualTo(401);
        }
    }
}

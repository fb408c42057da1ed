package dev.allocator.indexer.standin;

import static dev.allocator.indexer.standin.StandInGraphQlTest.ALLOCATOR;
import static dev.allocator.indexer.standin.StandInGraphQlTest.NOW;
import static dev.allocator.indexer.standin.StandInGraphQlTest.OTHER;
import static dev.allocator.indexer.standin.StandInGraphQlTest.SPONSOR;
import static dev.allocator.indexer.standin.StandInGraphQlTest.lock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DevApiTest {
    static final ChainId MAINNET = ChainId.of(1);

    IndexerStandIn standIn;
    StandInHttp http;

    @BeforeEach
    void start() {
        standIn = IndexerStandIn.builder().clock(() -> NOW).build().start();
        http = new StandInHttp(standIn.url());
        assertThat(http.post(
                                "/dev/register-allocator",
                                Map.of(
                                        "chainId", 1,
                                        "allocator", ALLOCATOR.checksummed(),
                                        "allocatorId",
                                                LockIds.allocatorIdOf(ALLOCATOR).toString()))
                        .status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private Map<String, Object> deposit(String account, LockId lock, String amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", "1");
        body.put("account", account);
        body.put("lockId", lock.toString());
        body.put("amount", amount);
        return body;
    }

    @Test
    void depositCreditsTheBalanceRecordsACreditAndCreatesTheLock() {
        Map<String, Object> body = deposit(SPONSOR.checksummed(), lock(1), "0x64");
        body.put("blockTimestamp", "1749999000");

        StandInHttp.Answer answer = http.post("/dev/deposit", body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Indexer")).isEqualTo("development-stand-in");
        assertThat(answer.body().get("balance").stringValue()).isEqualTo("100");
        JsonNode state = http.get("/dev/state").body();
        assertThat(state.at("/resourceLocks/0/allocatorAddress").stringValue()).isEqualTo(ALLOCATOR.lowercase());
        assertThat(state.at("/resourceLocks/0/totalSupply").stringValue()).isEqualTo("100");
        assertThat(state.at("/accountDeltas/0/delta").stringValue()).isEqualTo("100");
        assertThat(state.at("/accountDeltas/0/counterparty").stringValue()).isEqualTo(Address.ZERO.lowercase());
        assertThat(state.at("/accountDeltas/0/blockTimestamp").stringValue()).isEqualTo("1749999000");
        assertThat(state.at("/accounts/0/address").stringValue()).isEqualTo(SPONSOR.lowercase());
    }

    @Test
    void depositDefaultsTheBlockTimestampToNow() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "5"));

        assertThat(http.get("/dev/state")
                        .body()
                        .at("/accountDeltas/0/blockTimestamp")
                        .stringValue())
                .isEqualTo(Long.toString(NOW.getEpochSecond()));
    }

    @Test
    void depositIntoAnUnregisteredAllocatorIsRejectedAsTheChainWould() {
        LockId foreign = LockIds.lockId(
                true, dev.allocator.model.value.ResetPeriod.ONE_DAY, BigInteger.valueOf(42), Address.ZERO);

        StandInHttp.Answer answer = http.post("/dev/deposit", deposit(SPONSOR.lowercase(), foreign, "5"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").stringValue()).contains("no allocator is registered", "42");
        assertThat(standIn.ledger().balance(MAINNET, SPONSOR, foreign)).isNull();
    }

    @Test
    void depositPastTwoToThe256IsRejectedAndChangesNothing() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), Uint256.MAX_VALUE.toString()));
        JsonNode before = http.get("/dev/state").body();

        StandInHttp.Answer answer = http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "1"));
        StandInHttp.Answer byAnother = http.post("/dev/deposit", deposit(OTHER.lowercase(), lock(1), "1"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").stringValue()).contains("2^256-1");
        assertThat(byAnother.status())
                .as("the lock's total supply would overflow")
                .isEqualTo(400);
        assertThat(http.get("/dev/state").body()).isEqualTo(before);
        assertThat(standIn.ledger().balance(MAINNET, SPONSOR, lock(1)).balance())
                .isEqualTo(Uint256.MAX);
        assertThat(standIn.ledger().balance(MAINNET, OTHER, lock(1))).isNull();
    }

    @Test
    void servesAnOddBalanceOnlyWhenATestInjectsIt() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "5"));
        BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);

        standIn.serveOddBalance(MAINNET, SPONSOR, lock(1), twoTo256);

        Ledger ledger = standIn.ledger();
        assertThat(ledger.read(() -> List.copyOf(ledger.balanceRows())))
                .singleElement()
                .satisfies(row -> assertThat(row.balance()).isEqualTo(twoTo256));
        assertThat(http.get("/dev/state")
                        .body()
                        .at("/accountResourceLocks/0/balance")
                        .stringValue())
                .as("the ledger keeps the real balance")
                .isEqualTo("5");
    }

    @Test
    void transferDebitsTheSenderAndCreditsTheRecipient() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "100"));
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", 1);
        body.put("from", SPONSOR.checksummed());
        body.put("to", OTHER.lowercase().toUpperCase().replace("0X", "0x"));
        body.put("lockId", lock(1).value().toHex32());
        body.put("amount", 30);

        StandInHttp.Answer answer = http.post("/dev/transfer", body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/from/balance").stringValue()).isEqualTo("70");
        assertThat(answer.body().at("/to/balance").stringValue()).isEqualTo("30");
        JsonNode deltas = http.get("/dev/state").body().get("accountDeltas");
        assertThat(deltas.findValuesAsString("delta")).containsExactly("100", "-30", "30");
    }

    @Test
    void transferBeyondTheBalanceIsRejected() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "10"));
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", 1);
        body.put("from", SPONSOR.lowercase());
        body.put("to", OTHER.lowercase());
        body.put("lockId", lock(1).toString());
        body.put("amount", "11");

        StandInHttp.Answer answer = http.post("/dev/transfer", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").stringValue()).contains("insufficient balance");
        assertThat(standIn.ledger().balance(MAINNET, SPONSOR, lock(1)).balance())
                .isEqualTo(Uint256.of(10));
    }

    @Test
    void transferToTheZeroAddressWithdrawsAndBurns() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "10"));
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", 1);
        body.put("from", SPONSOR.lowercase());
        body.put("to", Address.ZERO.lowercase());
        body.put("lockId", lock(1).toString());
        body.put("amount", "4");

        StandInHttp.Answer answer = http.post("/dev/transfer", body);

        assertThat(answer.body().at("/from/balance").stringValue()).isEqualTo("6");
        assertThat(answer.body().get("to").isNull()).isTrue();
        assertThat(http.get("/dev/state")
                        .body()
                        .at("/resourceLocks/0/totalSupply")
                        .stringValue())
                .isEqualTo("6");
    }

    @Test
    void forcedWithdrawalSetsAndClearsTheStatus() {
        http.post("/dev/deposit", deposit(SPONSOR.lowercase(), lock(1), "10"));
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", 1);
        body.put("account", SPONSOR.lowercase());
        body.put("lockId", lock(1).toString());
        body.put("enabled", true);

        StandInHttp.Answer enabled = http.post("/dev/forced-withdrawal", body);
        body.put("withdrawableAt", "1760000000");
        StandInHttp.Answer explicit = http.post("/dev/forced-withdrawal", body);
        body.put("enabled", false);
        StandInHttp.Answer disabled = http.post("/dev/forced-withdrawal", body);

        assertThat(enabled.body().get("withdrawalStatus").intValue()).isEqualTo(1);
        assertThat(enabled.body().get("withdrawableAt").stringValue())
                .isEqualTo(Long.toString(NOW.getEpochSecond() + 600));
        assertThat(explicit.body().get("withdrawableAt").stringValue()).isEqualTo("1760000000");
        assertThat(disabled.body().get("withdrawalStatus").intValue()).isZero();
        assertThat(disabled.body().get("withdrawableAt").stringValue()).isEqualTo("0");
    }

    @Test
    void forcedWithdrawalWithoutABalanceRowIsRejected() {
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", 1);
        body.put("account", SPONSOR.lowercase());
        body.put("lockId", lock(1).toString());
        body.put("enabled", true);

        StandInHttp.Answer answer = http.post("/dev/forced-withdrawal", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").stringValue()).contains("never held");
    }

    @Test
    void claimIsRecordedOnceWithDefaults() {
        Map<String, Object> body = new HashMap<>();
        body.put("chainId", "0x1");
        body.put("claimHash", "0x" + "AB".repeat(32));
        body.put("sponsor", SPONSOR.checksummed());
        body.put("allocator", ALLOCATOR.lowercase());

        StandInHttp.Answer first = http.post("/dev/claim", body);
        StandInHttp.Answer again = http.post("/dev/claim", body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("claimHash").stringValue()).isEqualTo("0x" + "ab".repeat(32));
        assertThat(first.body().get("arbiter").stringValue()).isEqualTo(Address.ZERO.lowercase());
        assertThat(first.body().get("timestamp").stringValue()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("error").stringValue()).contains("already processed");
    }

    @Test
    void registeringAgainIsANoOpButConflictsAreRejected() {
        Map<String, Object> same = Map.of(
                "chainId", 1,
                "allocator", ALLOCATOR.lowercase(),
                "allocatorId", LockIds.allocatorIdOf(ALLOCATOR).toString());
        Map<String, Object> otherId = Map.of("chainId", 1, "allocator", ALLOCATOR.lowercase(), "allocatorId", "7");
        Map<String, Object> takenId = Map.of(
                "chainId", 1,
                "allocator", OTHER.lowercase(),
                "allocatorId", LockIds.allocatorIdOf(ALLOCATOR).toString());
        Map<String, Object> tooBig = Map.of(
                "chainId", 10,
                "allocator", OTHER.lowercase(),
                "allocatorId", BigInteger.ONE.shiftLeft(92).toString());

        assertThat(http.post("/dev/register-allocator", same).status()).isEqualTo(200);
        assertThat(http.post("/dev/register-allocator", otherId)
                        .body()
                        .get("error")
                        .stringValue())
                .contains("already registered");
        assertThat(http.post("/dev/register-allocator", takenId)
                        .body()
                        .get("error")
                        .stringValue())
                .contains("already registered");
        assertThat(http.post("/dev/register-allocator", tooBig).status()).isEqualTo(400);
        assertThat(http.get("/dev/state").body().get("supportedChains")).hasSize(1);
    }

    @Test
    void badInputIsA400WithAReason() {
        assertThat(reason("/dev/deposit", "{not json")).isEqualTo("body is not valid JSON");
        assertThat(reason("/dev/deposit", "[]")).isEqualTo("body must be a JSON object");
        assertThat(reason("/dev/deposit", "{\"chainId\": 1}")).isEqualTo("account is required");
        assertThat(reason(
                        "/dev/deposit",
                        "{\"chainId\": 1, \"account\": \"0x12\", \"lockId\": \"1\", \"amount\": \"1\"}"))
                .contains("40 hex digits");
        assertThat(reason(
                        "/dev/deposit",
                        "{\"chainId\": 1, \"account\": \"" + SPONSOR.lowercase()
                                + "\", \"lockId\": \"-1\", \"amount\": \"1\"}"))
                .contains("lockId");
        assertThat(reason(
                        "/dev/deposit",
                        "{\"chainId\": 0, \"account\": \"" + SPONSOR.lowercase()
                                + "\", \"lockId\": \"1\", \"amount\": \"1\"}"))
                .contains("chainId");
        assertThat(reason(
                        "/dev/deposit",
                        "{\"chainId\": 1, \"account\": \"" + SPONSOR.lowercase() + "\", \"lockId\": \"" + lock(1)
                                + "\", \"amount\": \"0\"}"))
                .contains("amount must be positive");
        assertThat(reason("/dev/forced-withdrawal", "{\"chainId\": 1, \"enabled\": \"yes\"}"))
                .contains("enabled");
        assertThat(reason("/dev/claim", "{\"chainId\": 1, \"claimHash\": \"0x01\"}"))
                .contains("64 hex digits");
    }

    @Test
    void unknownEndpointsAndMethodsAreRefused() {
        assertThat(http.post("/dev/mint", "{}").status()).isEqualTo(404);
        assertThat(http.get("/dev/deposit").status()).isEqualTo(405);
        assertThat(http.post("/dev/state", "{}").status()).isEqualTo(405);
    }

    @Test
    void seedsDemoDepositsForTheDevelopmentAccountsOnEveryDemoChain() {
        Address allocator = Address.of("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        standIn.seedDemo(allocator);

        Map<String, Object> variables = Map.of("s", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        JsonNode items = http.data(
                        "query($s: String!) { account(address: $s) { resourceLocks { items { chainId balance"
                                + " resourceLock { allocatorAddress } } } } }",
                        variables)
                .at("/account/resourceLocks/items");

        assertThat(items.findValuesAsString("chainId")).containsExactlyInAnyOrder("1", "10", "8453");
        assertThat(items.findValuesAsString("allocatorAddress")).containsOnly(allocator.lowercase());
        assertThat(items.findValuesAsString("balance")).containsOnly("5000000000000000000");
        assertThat(http.get("/dev/state").body().get("supportedChains")).hasSize(4);
    }

    @Test
    void derivesAllocatorIdsAsTheCompactDoes() {
        BigInteger low88 = BigInteger.ONE.shiftLeft(88).subtract(BigInteger.ONE);

        BigInteger plain = LockIds.allocatorIdOf(SPONSOR);
        BigInteger compact = LockIds.allocatorIdOf(ALLOCATOR);

        assertThat(plain.shiftRight(88)).isZero();
        assertThat(plain).isEqualTo(new BigInteger(1, SPONSOR.bytes()).and(low88));
        assertThat(compact.shiftRight(88)).isEqualTo(BigInteger.valueOf(12 - 3));
        assertThat(lock(1).allocatorId()).isEqualTo(compact);
    }

    private String reason(String path, String body) {
        StandInHttp.Answer answer = http.post(path, body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("X-Indexer")).isEqualTo("development-stand-in");
        return answer.body().get("error").stringValue();
    }
}

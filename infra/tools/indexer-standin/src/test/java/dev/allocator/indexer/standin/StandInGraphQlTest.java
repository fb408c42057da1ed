package dev.allocator.indexer.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.ResetPeriod;
import dev.allocator.model.value.Uint256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StandInGraphQlTest {
    static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
    static final ChainId MAINNET = ChainId.of(1);
    static final ChainId BASE = ChainId.of(8453);
    static final Address ALLOCATOR = Address.of("0x00000000000018df021ff2467df97ff846e09f48");
    static final Address SPONSOR = Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    static final Address OTHER = Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    static final String SPONSOR_MIXED_CASE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    static final String GET_SUPPORTED_CHAINS = """
            query GetSupportedChains($allocator: String!) {
              allocator(address: $allocator) {
                supportedChains { items { chainId allocatorId } }
              }
            }""";

    static final String GET_DETAILS = """
            query GetDetails($allocator: String!, $sponsor: String!, $lockId: BigInt!, $chainId: BigInt!,
                             $finalizationTimestamp: BigInt!, $thresholdTimestamp: BigInt!) {
              accountDeltas(where: {address: $sponsor, resourceLock: $lockId, chainId: $chainId, delta_gt: "0",
                                    blockTimestamp_gt: $finalizationTimestamp},
                            orderBy: "blockTimestamp", orderDirection: "DESC") {
                items { delta }
              }
              account(address: $sponsor) {
                resourceLocks(where: {resourceLock: $lockId, chainId: $chainId}) {
                  items { withdrawalStatus balance }
                }
                claims(where: {allocator: $allocator, chainId: $chainId, timestamp_gt: $thresholdTimestamp},
                       orderBy: "timestamp", orderDirection: "DESC") {
                  items { claimHash }
                }
              }
            }""";

    static final String GET_ALL_RESOURCE_LOCKS = """
            query GetAllResourceLocks($sponsor: String!, $after: String) {
              account(address: $sponsor) {
                resourceLocks(limit: 1000, after: $after) {
                  items { chainId resourceLock { lockId allocatorAddress } }
                  pageInfo { hasNextPage endCursor }
                }
              }
            }""";

    IndexerStandIn standIn;
    Ledger ledger;
    StandInHttp http;

    @BeforeEach
    void start() {
        standIn = IndexerStandIn.builder().clock(() -> NOW).build().start();
        ledger = standIn.ledger();
        http = new StandInHttp(standIn.url());
        ledger.registerAllocator(MAINNET, ALLOCATOR, LockIds.allocatorIdOf(ALLOCATOR));
        ledger.registerAllocator(BASE, ALLOCATOR, LockIds.allocatorIdOf(ALLOCATOR));
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    static LockId lock(int token) {
        return LockIds.lockId(
                true,
                ResetPeriod.TEN_MINUTES,
                LockIds.allocatorIdOf(ALLOCATOR),
                Address.of(String.format("0x%040x", token + 1)));
    }

    @Test
    void answersGetSupportedChainsWithDecimalStrings() {
        JsonNode data = http.data(GET_SUPPORTED_CHAINS, Map.of("allocator", ALLOCATOR.lowercase()));

        JsonNode items = data.at("/allocator/supportedChains/items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("chainId").isString()).isTrue();
        assertThat(items.get(0).get("chainId").stringValue()).isEqualTo("1");
        assertThat(items.get(1).get("chainId").stringValue()).isEqualTo("8453");
        assertThat(items.get(0).get("allocatorId").stringValue())
                .isEqualTo(LockIds.allocatorIdOf(ALLOCATOR).toString());
    }

    @Test
    void answersNullForRecordsItNeverSaw() {
        JsonNode data = http.data(
                "query($a: String!) { allocator(address: $a) { address } account(address: $a) { address } }",
                Map.of("a", OTHER.lowercase()));

        assertThat(data.get("allocator").isNull()).isTrue();
        assertThat(data.get("account").isNull()).isTrue();
    }

    @Test
    void answersGetDetailsWithUnfinalizedCreditsBalanceAndRecentClaims() {
        LockId lock = lock(1);
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(700), NOW.minusSeconds(3_600));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(200), NOW.minusSeconds(10));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(50), NOW.minusSeconds(5));
        ledger.transfer(MAINNET, SPONSOR, OTHER, lock, Uint256.of(30), NOW.minusSeconds(4));
        ledger.claim(MAINNET, hash(1), SPONSOR, ALLOCATOR, OTHER, NOW.minusSeconds(20_000));
        ledger.claim(MAINNET, hash(2), SPONSOR, ALLOCATOR, OTHER, NOW.minusSeconds(600));
        ledger.claim(MAINNET, hash(3), SPONSOR, ALLOCATOR, OTHER, NOW.minusSeconds(60));
        ledger.claim(BASE, hash(4), SPONSOR, ALLOCATOR, OTHER, NOW.minusSeconds(60));

        JsonNode data = http.data(GET_DETAILS, detailsVariables(SPONSOR_MIXED_CASE, lock, 1, 25));

        assertThat(data.at("/accountDeltas/items").findValuesAsString("delta")).containsExactly("50", "200");
        JsonNode row = data.at("/account/resourceLocks/items/0");
        assertThat(row.get("balance").stringValue()).isEqualTo("920");
        assertThat(row.get("withdrawalStatus").isInt()).isTrue();
        assertThat(row.get("withdrawalStatus").intValue()).isZero();
        assertThat(data.at("/account/claims/items").findValuesAsString("claimHash"))
                .containsExactly(hash(3).value(), hash(2).value());
    }

    @Test
    void answersGetAllResourceLocksWithTheRelationObject() {
        ledger.deposit(MAINNET, SPONSOR, lock(1), Uint256.of(1));
        ledger.deposit(BASE, SPONSOR, lock(2), Uint256.of(1));

        JsonNode items = http.data(GET_ALL_RESOURCE_LOCKS, Map.of("sponsor", SPONSOR_MIXED_CASE))
                .at("/account/resourceLocks/items");

        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("chainId").stringValue()).isEqualTo("1");
        assertThat(items.get(0).at("/resourceLock/lockId").stringValue()).isEqualTo(lock(1).toString());
        assertThat(items.get(1).at("/resourceLock/allocatorAddress").stringValue())
                .isEqualTo(ALLOCATOR.lowercase());
    }

    @Test
    void filtersHexColumnsCaseInsensitivelyAndReturnsThemLowercase() {
        ledger.deposit(MAINNET, SPONSOR, lock(1), Uint256.of(5));

        JsonNode data = http.data(
                "query($s: String!) { accountDeltas(where: {address: $s}) { items { address counterparty } } "
                        + "account(address: $s) { address } }",
                Map.of("s", SPONSOR.lowercase().toUpperCase().replace("0X", "0x")));

        assertThat(data.at("/accountDeltas/items/0/address").stringValue()).isEqualTo(SPONSOR.lowercase());
        assertThat(data.at("/account/address").stringValue()).isEqualTo(SPONSOR.lowercase());
    }

    @Test
    void filtersWithGreaterThanOnBigIntColumnsExcludingDebits() {
        LockId lock = lock(1);
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(100), NOW.minusSeconds(100));
        ledger.transfer(MAINNET, SPONSOR, OTHER, lock, Uint256.of(40), NOW.minusSeconds(50));

        JsonNode deltas = http.data(
                        "{ accountDeltas(where: {delta_gt: \"0\"}, orderBy: \"delta\", orderDirection: \"asc\") "
                                + "{ items { delta address } } }",
                        Map.of())
                .at("/accountDeltas/items");
        JsonNode recent = http.data(
                        "{ accountDeltas(where: {blockTimestamp_gt: \"1749999920\"}) { items { delta } } }", Map.of())
                .at("/accountDeltas/items");

        assertThat(deltas.findValuesAsString("delta")).containsExactly("40", "100");
        assertThat(recent.findValuesAsString("delta")).containsExactlyInAnyOrder("-40", "40");
    }

    @Test
    void supportsNotInAndCombinedFilters() {
        ledger.deposit(MAINNET, SPONSOR, lock(1), Uint256.of(1));
        ledger.deposit(MAINNET, OTHER, lock(1), Uint256.of(2));
        ledger.deposit(BASE, OTHER, lock(1), Uint256.of(3));

        JsonNode data = http.data(
                "{ a: accountResourceLocks(where: {chainId_in: [\"8453\"]}) { items { balance } }"
                        + " b: accountResourceLocks(where: {OR: [{balance: \"1\"}, {balance_gte: \"3\"}]},"
                        + " orderBy: \"balance\", orderDirection: \"asc\") { items { balance } totalCount }"
                        + " c: accountResourceLocks(where: {accountAddress_not: \"" + SPONSOR_MIXED_CASE + "\"},"
                        + " orderBy: \"balance\", orderDirection: \"asc\") { items { balance } } }",
                Map.of());

        assertThat(data.at("/a/items").findValuesAsString("balance")).containsExactly("3");
        assertThat(data.at("/b/items").findValuesAsString("balance")).containsExactly("1", "3");
        assertThat(data.at("/b/totalCount").intValue()).isEqualTo(2);
        assertThat(data.at("/c/items").findValuesAsString("balance")).containsExactly("2", "3");
    }

    @Test
    void rejectsAnIntegerLiteralForBigIntAsPonderDoes() {
        StandInHttp.Answer answer =
                http.graphQl("{ accountDeltas(where: {delta_gt: 0}) { items { delta } } }", Map.of());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("errors")).isNotEmpty();
    }

    @Test
    void acceptsBigIntVariablesAsStringsHexOrIntegers() {
        ledger.deposit(MAINNET, SPONSOR, lock(1), Uint256.of(5));
        String query = "query($c: BigInt!) { accountResourceLocks(where: {chainId: $c}) { items { balance } } }";

        assertThat(http.data(query, Map.of("c", "1")).at("/accountResourceLocks/items"))
                .hasSize(1);
        assertThat(http.data(query, Map.of("c", 1)).at("/accountResourceLocks/items"))
                .hasSize(1);
        assertThat(http.data(query, Map.of("c", "0x1")).at("/accountResourceLocks/items"))
                .hasSize(1);
        assertThat(http.graphQl(query, Map.of("c", "one")).body().get("errors")).isNotEmpty();
    }

    @Test
    void pagesByFiftyByDefaultAndWalksEveryRowWithAfter() {
        LockId lock = lock(1);
        for (int i = 0; i < 120; i++) {
            ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(i + 1), NOW.minusSeconds(1_000 - i));
        }
        String query = "query($after: String) { accountDeltas(orderBy: \"blockTimestamp\", orderDirection: \"asc\","
                + " after: $after) { items { delta } pageInfo { hasNextPage endCursor } totalCount } }";

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            JsonNode page = http.data(query, variables).get("accountDeltas");
            pageSizes.add(page.get("items").size());
            seen.addAll(page.get("items").findValuesAsString("delta"));
            assertThat(page.get("totalCount").intValue()).isEqualTo(120);
            more = page.at("/pageInfo/hasNextPage").booleanValue();
            after = page.at("/pageInfo/endCursor").stringValue();
        }

        assertThat(pageSizes).containsExactly(50, 50, 20);
        assertThat(seen).hasSize(120).first().isEqualTo("1");
        assertThat(seen).last().isEqualTo("120");
    }

    @Test
    void pagesPastAThousandWithoutLosingOrRepeatingRows() {
        for (int i = 0; i < 2_500; i++) {
            ledger.deposit(i % 2 == 0 ? MAINNET : BASE, SPONSOR, lock(i), Uint256.ONE);
        }

        Set<String> locks = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("sponsor", SPONSOR.lowercase());
            variables.put("after", after);
            JsonNode page = http.data(GET_ALL_RESOURCE_LOCKS, variables).at("/account/resourceLocks");
            pageSizes.add(page.get("items").size());
            page.get("items")
                    .forEach(item -> locks.add(item.get("chainId").stringValue() + "/"
                            + item.at("/resourceLock/lockId").stringValue()));
            more = page.at("/pageInfo/hasNextPage").booleanValue();
            after = page.at("/pageInfo/endCursor").stringValue();
        }

        assertThat(pageSizes).containsExactly(1_000, 1_000, 500);
        assertThat(locks).hasSize(2_500);
    }

    @Test
    void rejectsALimitAboveAThousandAsAnErrorWithStatus200() {
        StandInHttp.Answer answer = http.graphQl("{ accountDeltas(limit: 1001) { items { delta } } }", Map.of());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/errors/0/message").stringValue()).contains("limit");
    }

    @Test
    void ordersAscendingOnlyForLowercaseAscAndBreaksTiesByPrimaryKey() {
        LockId lock = lock(1);
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(1), NOW.minusSeconds(10));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(2), NOW.minusSeconds(10));
        ledger.deposit(MAINNET, SPONSOR, lock, Uint256.of(3), NOW.minusSeconds(20));
        String query = "query($d: String) { accountDeltas(orderBy: \"blockTimestamp\", orderDirection: $d)"
                + " { items { delta id } } }";

        assertThat(deltas(query, "asc")).containsExactly("3", "1", "2");
        assertThat(deltas(query, "DESC")).containsExactly("2", "1", "3");
        assertThat(deltas(query, "ASC")).containsExactly("2", "1", "3");
        assertThat(deltas(query, "desc")).containsExactly("2", "1", "3");
    }

    private List<String> deltas(String query, String direction) {
        return http.data(query, Map.of("d", direction))
                .at("/accountDeltas/items")
                .findValuesAsString("delta");
    }

    @Test
    void reportsSyntaxErrorsUnknownFieldsAndBadCursorsAsStatus200WithErrors() {
        assertThat(http.graphQl("{ accountDeltas(", Map.of()).body().get("errors"))
                .isNotEmpty();
        assertThat(http.graphQl("{ accountDeltas { items { nope } } }", Map.of())
                        .body()
                        .get("errors"))
                .isNotEmpty();
        StandInHttp.Answer badCursor =
                http.graphQl("{ accountDeltas(after: \"garbage\") { items { delta } } }", Map.of());
        assertThat(badCursor.status()).isEqualTo(200);
        assertThat(badCursor.body().at("/errors/0/message").stringValue()).contains("cursor");
        StandInHttp.Answer badOrder = http.graphQl("{ claims(orderBy: \"nope\") { items { claimHash } } }", Map.of());
        assertThat(badOrder.body().at("/errors/0/message").stringValue()).contains("orderBy");
    }

    @Test
    void servesGraphQlOnRootAndGraphqlPathsAndNamesItselfAStandIn() {
        String body = "{\"query\": \"{ allocators { items { address } } }\"}";

        StandInHttp.Answer root = http.post("/", body);
        StandInHttp.Answer graphql = http.post("/graphql", body);

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body()).isEqualTo(graphql.body());
        assertThat(root.header("X-Indexer")).isEqualTo("development-stand-in");
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/health").header("X-Indexer")).isEqualTo("development-stand-in");
        assertThat(http.get("/nowhere").header("X-Indexer")).isEqualTo("development-stand-in");
    }

    @Test
    void answersABodyThatIsNotAGraphQlRequestWith400() {
        assertThat(http.post("/graphql", "{not json").status()).isEqualTo(400);
        assertThat(http.post("/graphql", "{\"variables\": {}}").status()).isEqualTo(400);
        assertThat(http.get("/graphql").status()).isEqualTo(405);
    }

    @Test
    void findsSingularRecordsByTheirWholePrimaryKey() {
        ledger.deposit(MAINNET, SPONSOR, lock(7), Uint256.of(9));
        Map<String, Object> variables = Map.of("a", SPONSOR_MIXED_CASE, "l", lock(7).toString());

        JsonNode data = http.data(
                "query($a: String!, $l: BigInt!) { here: accountResourceLock(accountAddress: $a, resourceLock: $l,"
                        + " chainId: \"1\") { balance resourceLock { totalSupply isMultichain resetPeriod } }"
                        + " there: accountResourceLock(accountAddress: $a, resourceLock: $l, chainId: \"10\") { balance } }",
                variables);

        assertThat(data.at("/here/balance").stringValue()).isEqualTo("9");
        assertThat(data.at("/here/resourceLock/totalSupply").stringValue()).isEqualTo("9");
        assertThat(data.at("/here/resourceLock/isMultichain").booleanValue()).isTrue();
        assertThat(data.at("/here/resourceLock/resetPeriod").stringValue()).isEqualTo("600");
        assertThat(data.get("there").isNull()).isTrue();
    }

    @Test
    void publishesAnSdlWithPonderFilterInputs() {
        assertThat(IndexerStandIn.schema())
                .contains("scalar BigInt")
                .contains("type AccountResourceLock {")
                .contains("resourceLock: ResourceLock")
                .contains("delta_gt: BigInt")
                .contains("accountDeltas(where: AccountDeltaFilter");
    }

    static dev.allocator.model.value.Bytes32 hash(int n) {
        return dev.allocator.model.value.Bytes32.of(String.format("0x%064x", n));
    }

    static Map<String, Object> detailsVariables(String sponsor, LockId lock, long chain, long threshold) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("allocator", ALLOCATOR.lowercase());
        variables.put("sponsor", sponsor);
        variables.put("lockId", lock.toString());
        variables.put("chainId", Long.toString(chain));
        variables.put("finalizationTimestamp", Long.toString(NOW.getEpochSecond() - threshold));
        variables.put("thresholdTimestamp", Long.toString(NOW.getEpochSecond() - 10_800));
        return variables;
    }
}

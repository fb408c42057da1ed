package dev.allocator.local;

import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.indexer.standin.LockIds;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.ResetPeriod;
import dev.allocator.model.value.Uint256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./allocator local --seed FILE}: deposits for the indexer stand-in and sessions signed in
 * through the real API, for demos and tests. The format is in docs/quickstart.md ("Seed data") and
 * {@code infra/tools/local/seed.example.json}. Deposits are made under the running allocator, like
 * the stand-in's own demo seed; a session needs the sponsor's signature, so it names a development
 * key: one of the well-known accounts by index, or a private key given in the file.
 */
record SeedFile(List<Deposit> deposits, List<Session> sessions) {
    /** Where the sessions' tokens are written, owner-readable only, in the data directory. */
    static final String SESSIONS_FILE = "seed-sessions.json";

    /**
     * The well-known development accounts (the default mnemonic of Hardhat and Anvil), public keys
     * that must never hold real funds; the stand-in's demo seed funds the first three.
     */
    static final List<String> DEV_KEYS = List.of(
            QuickstartClient.DEMO_KEY,
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One deposit, on each of its chains, into a lock under the running allocator. */
    record Deposit(
            List<ChainId> chains,
            Address account,
            Address token,
            boolean multichain,
            ResetPeriod resetPeriod,
            Uint256 amount,
            long secondsAgo) {}

    /** One sign-in: the key signs the SIWE message for this chain. */
    record Session(SigningKey key, ChainId chain) {}

    /** A session started, as written to {@link #SESSIONS_FILE}. */
    record Started(Address address, ChainId chain, String sessionId) {}

    static SeedFile read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("seed file " + file + " is not JSON: " + e.getOriginalMessage());
        }
        return parse(root, file.toString());
    }

    static SeedFile parse(JsonNode root, String where) {
        if (!root.isObject()) {
            throw invalid(where, "the top level must be an object with \"deposits\" and/or \"sessions\"");
        }
        for (String field : root.propertyNames()) {
            if (!field.equals("deposits") && !field.equals("sessions") && !field.equals("$comment")) {
                throw invalid(where, "unknown field \"" + field + "\" (expected deposits, sessions)");
            }
        }
        List<Deposit> deposits = new ArrayList<>();
        int i = 0;
        for (JsonNode node : array(root, "deposits", where)) {
            String at = where + ": deposits[" + i++ + "]";
            deposits.add(new Deposit(
                    chains(node, at),
                    account(node, at),
                    address(text(node, "token", "0x0000000000000000000000000000000000000000"), at + ".token"),
                    node.path("multichain").asBoolean(true),
                    resetPeriod(text(node, "resetPeriod", "TEN_MINUTES"), at),
                    amount(node, at),
                    node.path("secondsAgo").asLong(86_400)));
        }
        List<Session> sessions = new ArrayList<>();
        i = 0;
        for (JsonNode node : array(root, "sessions", where)) {
            String at = where + ": sessions[" + i++ + "]";
            sessions.add(new Session(key(node, at), chain(node.path("chainId"), at + ".chainId")));
        }
        return new SeedFile(List.copyOf(deposits), List.copyOf(sessions));
    }

    /** Makes the deposits in the stand-in's ledger, under the allocator its demo seed registered. */
    void deposit(IndexerStandIn indexer, Address allocator) {
        BigInteger allocatorId = LockIds.allocatorIdOf(allocator);
        Instant now = indexer.ledger().now();
        for (Deposit deposit : deposits) {
            LockId lock = LockIds.lockId(deposit.multichain(), deposit.resetPeriod(), allocatorId, deposit.token());
            for (ChainId chain : deposit.chains()) {
                indexer.ledger()
                        .deposit(
                                chain,
                                deposit.account(),
                                lock,
                                deposit.amount(),
                                now.minusSeconds(deposit.secondsAgo()));
            }
        }
    }

    /** Signs in every session through the API and writes their tokens to the data directory. */
    List<Started> signIn(String api, Path dataDir) throws IOException, InterruptedException {
        List<Started> started = new ArrayList<>();
        ArrayNode written = JSON.createArrayNode();
        for (Session session : sessions) {
            String token = new QuickstartClient(api, session.key()).signIn(session.chain(), false);
            Started one = new Started(session.key().address(), session.chain(), token);
            started.add(one);
            ObjectNode row = written.addObject();
            row.put("address", one.address().checksummed());
            row.put("chainId", one.chain().toString());
            row.put("sessionId", one.sessionId());
        }
        ObjectNode file = JSON.createObjectNode();
        file.set("sessions", written);
        DevelopmentKey.writePrivate(dataDir.resolve(SESSIONS_FILE), JSON.writeValueAsString(file) + "\n");
        return started;
    }

    private static Iterable<JsonNode> array(JsonNode root, String field, String where) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(where, "\"" + field + "\" must be an array");
        }
        for (JsonNode element : node) {
            if (!element.isObject()) {
                throw invalid(where, "every element of \"" + field + "\" must be an object");
            }
        }
        return node;
    }

    private static List<ChainId> chains(JsonNode node, String at) {
        JsonNode chains = node.path("chains");
        if (chains.isMissingNode() || chains.isNull()) {
            return IndexerStandIn.DEMO_CHAINS;
        }
        if (!chains.isArray() || chains.isEmpty()) {
            throw invalid(
                    at,
                    "\"chains\" must be a non-empty array of chain ids (default: all of " + IndexerStandIn.DEMO_CHAINS
                            + ")");
        }
        List<ChainId> list = new ArrayList<>();
        for (JsonNode chain : chains) {
            list.add(chain(chain, at + ".chains"));
        }
        return List.copyOf(list);
    }

    /** A chain the stand-in registers the allocator on. */
    private static ChainId chain(JsonNode node, String at) {
        ChainId chain;
        try {
            chain = ChainId.of(Long.parseLong(node.asString("")));
        } catch (RuntimeException e) {
            throw invalid(at, "a chain id is required, one of " + IndexerStandIn.DEMO_CHAINS);
        }
        if (!IndexerStandIn.DEMO_CHAINS.contains(chain)) {
            throw invalid(
                    at, "chain " + chain + " is not one the stand-in serves (" + IndexerStandIn.DEMO_CHAINS + ")");
        }
        return chain;
    }

    private static Address account(JsonNode node, String at) {
        if (node.has("devAccount")) {
            return devKey(node.path("devAccount"), at).address();
        }
        if (!node.has("account")) {
            throw invalid(at, "give \"account\" (an address) or \"devAccount\" (0 to " + (DEV_KEYS.size() - 1) + ")");
        }
        return address(node.path("account").asString(""), at + ".account");
    }

    private static SigningKey key(JsonNode node, String at) {
        if (node.has("devAccount") == node.has("privateKey")) {
            throw invalid(
                    at,
                    "give exactly one of \"devAccount\" (0 to " + (DEV_KEYS.size() - 1)
                            + ") and \"privateKey\" (a development key: 0x and 64 hex digits)");
        }
        if (node.has("devAccount")) {
            return devKey(node.path("devAccount"), at);
        }
        try {
            return SigningKey.fromHex(node.path("privateKey").asString("").strip());
        } catch (RuntimeException e) {
            // The key itself stays out of the message.
            throw invalid(at, "\"privateKey\" must be 0x and 64 hex digits");
        }
    }

    private static SigningKey devKey(JsonNode index, String at) {
        if (!index.isIntegralNumber() || index.asInt() < 0 || index.asInt() >= DEV_KEYS.size()) {
            throw invalid(at, "\"devAccount\" must be 0 to " + (DEV_KEYS.size() - 1));
        }
        return SigningKey.fromHex(DEV_KEYS.get(index.asInt()));
    }

    private static Address address(String text, String at) {
        try {
            return Address.of(text.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw invalid(at, "not an address: '" + text + "'");
        }
    }

    private static ResetPeriod resetPeriod(String text, String at) {
        try {
            return ResetPeriod.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw invalid(at, "\"resetPeriod\" must be one of " + List.of(ResetPeriod.values()));
        }
    }

    private static Uint256 amount(JsonNode node, String at) {
        String text = node.path("amount").asString("");
        try {
            Uint256 amount = new Uint256(new BigInteger(text));
            if (amount.value().signum() <= 0) {
                throw new IllegalArgumentException();
            }
            return amount;
        } catch (RuntimeException e) {
            throw invalid(at, "\"amount\" must be a positive decimal string in the token's smallest unit");
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? fallback : value.asString("");
    }

    private static IllegalArgumentException invalid(String at, String why) {
        return new IllegalArgumentException("seed file " + at + ": " + why);
    }
}

package dev.allocator.indexer.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Hex;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The development API under {@code /dev/}: JSON over HTTP, one endpoint per chain event, the only
 * way the ledger changes. Numbers are JSON integers or strings, decimal or 0x-hex; addresses and
 * hashes any letter case; {@code blockTimestamp}/{@code timestamp} are optional Unix seconds and
 * default to the stand-in's now. Bad input and events the chain would reject answer 400 {@code
 * {"error": "<reason>"}}.
 */
final class DevApi implements HttpHandler {
    private final Ledger ledger;

    DevApi(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/dev/state")) {
                if (!method.equals("GET")) {
                    Exchanges.error(exchange, 405, "use GET for /dev/state");
                    return;
                }
                Exchanges.respond(exchange, 200, ledger.dump());
                return;
            }
            if (!method.equals("POST")) {
                Exchanges.error(exchange, 405, "use POST for " + path);
                return;
            }
            JsonNode body;
            try {
                body = Exchanges.JSON.readTree(Exchanges.body(exchange));
            } catch (JacksonException e) {
                Exchanges.error(exchange, 400, "body is not valid JSON");
                return;
            }
            if (body == null || !body.isObject()) {
                Exchanges.error(exchange, 400, "body must be a JSON object");
                return;
            }
            Object result;
            try {
                result = switch (path) {
                    case "/dev/deposit" -> deposit(body);
                    case "/dev/transfer" -> transfer(body);
                    case "/dev/forced-withdrawal" -> forcedWithdrawal(body);
                    case "/dev/claim" -> claim(body);
                    case "/dev/register-allocator" -> registerAllocator(body);
                    default -> null;
                };
            } catch (IllegalArgumentException e) {
                Exchanges.error(exchange, 400, e.getMessage());
                return;
            }
            if (result == null) {
                Exchanges.error(exchange, 404, "no development endpoint " + path);
                return;
            }
            Exchanges.respond(exchange, 200, result);
        }
    }

    private Object deposit(JsonNode body) {
        Ledger.Balance balance = ledger.deposit(
                chainId(body), address(body, "account"), lockId(body), amount(body), timestamp(body, "blockTimestamp"));
        return balanceJson(balance);
    }

    private Object transfer(JsonNode body) {
        Ledger.Transfer transfer = ledger.transfer(
                chainId(body),
                address(body, "from"),
                address(body, "to"),
                lockId(body),
                amount(body),
                timestamp(body, "blockTimestamp"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", balanceJson(transfer.from()));
        json.put("to", transfer.to() == null ? null : balanceJson(transfer.to()));
        return json;
    }

    private Object forcedWithdrawal(JsonNode body) {
        JsonNode enabled = body.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new IllegalArgumentException("enabled must be true or false");
        }
        ChainId chainId = chainId(body);
        Address account = address(body, "account");
        LockId lockId = lockId(body);
        if (!enabled.booleanValue()) {
            return balanceJson(ledger.disableForcedWithdrawal(chainId, account, lockId));
        }
        Instant withdrawableAt = body.hasNonNull("withdrawableAt") ? timestamp(body, "withdrawableAt") : null;
        return balanceJson(ledger.enableForcedWithdrawal(chainId, account, lockId, withdrawableAt));
    }

    private Object claim(JsonNode body) {
        Ledger.Claim claim = ledger.claim(
                chainId(body),
                bytes32(body, "claimHash"),
                address(body, "sponsor"),
                address(body, "allocator"),
                body.hasNonNull("arbiter") ? address(body, "arbiter") : Address.ZERO,
                timestamp(body, "timestamp"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("chainId", claim.chainId().toString());
        json.put("claimHash", claim.claimHash().value());
        json.put("sponsor", claim.sponsor().lowercase());
        json.put("allocator", claim.allocator().lowercase());
        json.put("arbiter", claim.arbiter().lowercase());
        json.put("timestamp", Long.toString(claim.timestamp().getEpochSecond()));
        return json;
    }

    private Object registerAllocator(JsonNode body) {
        Ledger.SupportedChain registration =
                ledger.registerAllocator(chainId(body), address(body, "allocator"), number(body, "allocatorId"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("allocator", registration.allocator().lowercase());
        json.put("chainId", registration.chainId().toString());
        json.put("allocatorId", registration.allocatorId().toString());
        return json;
    }

    private static Map<String, Object> balanceJson(Ledger.Balance balance) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("chainId", balance.chainId().toString());
        json.put("account", balance.account().lowercase());
        json.put("lockId", balance.lockId().toString());
        json.put("balance", balance.balance().toString());
        json.put("withdrawalStatus", balance.withdrawalStatus());
        json.put("withdrawableAt", Long.toString(balance.withdrawableAt()));
        return json;
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** A JSON integer or a decimal / 0x-hex string, not negative. */
    private static BigInteger number(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (value.isIntegralNumber()) {
            BigInteger number = value.bigIntegerValue();
            if (number.signum() < 0) {
                throw new IllegalArgumentException(field + " must not be negative");
            }
            return number;
        }
        if (value.isString()) {
            try {
                return Uint256.parseUnbounded(value.stringValue().toLowerCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " must be a decimal or 0x-hex integer");
            }
        }
        throw new IllegalArgumentException(field + " must be a decimal or 0x-hex integer");
    }

    private static ChainId chainId(JsonNode body) {
        BigInteger value = number(body, "chainId");
        if (value.signum() <= 0 || value.bitLength() > 63) {
            throw new IllegalArgumentException("chainId must be a positive 64-bit integer");
        }
        return ChainId.of(value.longValue());
    }

    private static LockId lockId(JsonNode body) {
        return new LockId(uint256(body, "lockId"));
    }

    private static Uint256 amount(JsonNode body) {
        return uint256(body, "amount");
    }

    private static Uint256 uint256(JsonNode body, String field) {
        BigInteger value = number(body, field);
        if (value.compareTo(Uint256.MAX_VALUE) > 0) {
            throw new IllegalArgumentException(field + " does not fit in 256 bits");
        }
        return new Uint256(value);
    }

    /** Unix seconds; the stand-in's now when absent. */
    private Instant timestamp(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            return ledger.now();
        }
        BigInteger seconds = number(body, field);
        if (seconds.bitLength() > 40) {
            throw new IllegalArgumentException(field + " must be Unix seconds");
        }
        return Instant.ofEpochSecond(seconds.longValue());
    }

    private static Address address(JsonNode body, String field) {
        String text = text(body, field).toLowerCase(Locale.ROOT);
        if (!text.matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException(field + " must be 0x followed by 40 hex digits");
        }
        return Address.of(text);
    }

    private static Bytes32 bytes32(JsonNode body, String field) {
        String text = text(body, field).toLowerCase(Locale.ROOT);
        if (!text.startsWith("0x") || !Hex.isHexNumber(text) || text.length() != 66) {
            throw new IllegalArgumentException(field + " must be 0x followed by 64 hex digits");
        }
        return Bytes32.of(text);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.stringValue();
    }
}

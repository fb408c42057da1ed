package dev.allocator.command.compact;

import dev.allocator.command.web.ErrorCode;
import dev.allocator.http.ApiException;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.WitnessTypeString;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import tools.jackson.databind.JsonNode;

/**
 * The body of POST /compact, parsed at the edge into protocol values with the reference's
 * messages, in the reference's order. Nothing unvalidated goes deeper.
 */
record CompactRequest(ChainId chainId, Compact compact) {

    /** The sponsor as written, if it is an address: the session check comes before validation. */
    static Address claimedSponsor(JsonNode body) {
        JsonNode compact = body == null ? null : body.get("compact");
        JsonNode sponsor = compact == null ? null : compact.get("sponsor");
        if (sponsor == null || !sponsor.isString()) {
            return null;
        }
        try {
            return Address.of(sponsor.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static CompactRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("Request body must be a JSON object");
        }
        ChainId chainId = chainId(body.get("chainId"));
        JsonNode compact = body.get("compact");
        if (compact == null || !compact.isObject()) {
            throw invalid("compact must be an object");
        }
        Address arbiter = address(compact, "arbiter");
        Address sponsor = address(compact, "sponsor");
        Uint256 nonce = isNull(compact.get("nonce")) ? null : number(compact, "nonce", false);
        Uint256 expires = number(compact, "expires", true);
        Uint256 id = number(compact, "id", false);
        Uint256 amount = number(compact, "amount", true);
        JsonNode witnessType = compact.get("witnessTypeString");
        JsonNode witnessHash = compact.get("witnessHash");
        if (isNull(witnessType) != isNull(witnessHash)) {
            throw invalid("Witness type and hash must both be present or both be null");
        }
        String type = null;
        Bytes32 hash = null;
        if (!isNull(witnessType)) {
            if (!witnessType.isString() || witnessType.asString().isEmpty()) {
                throw invalid("witnessTypeString must be a non-empty string");
            }
            if (!witnessHash.isString()) {
                throw invalid("Invalid witnessHash format. Must be a 0x-prefixed 32-byte hex string");
            }
            type = witnessType.asString();
            String problem = WitnessTypeString.problem(type).orElse(null);
            if (problem != null) {
                throw invalid("Invalid witnessTypeString: " + problem);
            }
            try {
                hash = Bytes32.of(witnessHash.asString());
            } catch (IllegalArgumentException e) {
                throw invalid("Invalid witnessHash format. Must be a 0x-prefixed 32-byte hex string");
            }
        }
        return new CompactRequest(
                chainId, new Compact(arbiter, sponsor, nonce, expires, new LockId(id), amount, type, hash));
    }

    private static ChainId chainId(JsonNode node) {
        if (node != null && (node.isString() || node.isIntegralNumber())) {
            try {
                return ChainId.parse(node.asString());
            } catch (IllegalArgumentException e) {
                // the reference's message below
            }
        }
        throw invalid("Invalid chain ID format");
    }

    private static Address address(JsonNode compact, String field) {
        JsonNode node = compact.get(field);
        String text = node != null && node.isString() ? node.asString() : String.valueOf(node);
        try {
            if (node == null || !node.isString()) {
                throw new IllegalArgumentException("not a string");
            }
            return Address.of(text);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid " + field + " address: " + abbreviate(text));
        }
    }

    private static Uint256 number(JsonNode compact, String field, boolean positive) {
        JsonNode node = compact.get(field);
        if (node == null || !node.isString()) {
            throw invalid("Invalid " + field + " format. Must be decimal or hex string");
        }
        String text = node.asString();
        if (text.startsWith("-")) {
            throw invalid(field + " must be a positive number");
        }
        if (text.contains(".")) {
            throw invalid(field + " must be an integer");
        }
        BigInteger value;
        try {
            value = Uint256.parseUnbounded(text);
        } catch (NumberFormatException e) {
            throw invalid("Invalid " + field + " format. Must be decimal or hex string");
        }
        if (value.compareTo(Uint256.MAX_VALUE) > 0) {
            throw invalid(field + " must be at most 2^256 - 1");
        }
        if (positive && value.signum() == 0) {
            throw invalid(field + " must be a positive number");
        }
        return new Uint256(value);
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String abbreviate(String text) {
        return text.length() > 66 ? text.substring(0, 66) + "…" : text;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_COMPACT, message);
    }
}

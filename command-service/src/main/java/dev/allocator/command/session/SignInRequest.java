package dev.allocator.command.session;

import dev.allocator.model.siwe.SiweException;
import dev.allocator.model.siwe.SiweMessage;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** The body of POST /session, parsed into protocol values or refused with the field at fault. */
record SignInRequest(
        String signature,
        String domain,
        Address address,
        String uri,
        String statement,
        ChainId chainId,
        String nonce,
        String issuedAtText,
        String expirationTimeText) {

    static SignInRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw SessionController.structure("body must be a JSON object");
        }
        String signature = text(body, "signature");
        JsonNode payload = body.get("payload");
        if (payload == null || !payload.isObject()) {
            throw SessionController.structure("payload must be an object");
        }
        String version = text(payload, "version");
        if (!SiweMessage.VERSION.equals(version)) {
            throw SessionController.structure("version must be \"1\"");
        }
        JsonNode chain = payload.get("chainId");
        if (chain == null || !(chain.isIntegralNumber() || chain.isString())) {
            throw SessionController.structure("chainId must be a positive integer");
        }
        ChainId chainId;
        try {
            chainId = ChainId.parse(chain.asString());
        } catch (IllegalArgumentException e) {
            throw SessionController.structure("chainId must be a positive integer");
        }
        Address address;
        try {
            address = Address.of(text(payload, "address"));
        } catch (IllegalArgumentException e) {
            throw SessionController.structure("address: " + e.getMessage());
        }
        SignInRequest request = new SignInRequest(
                signature,
                text(payload, "domain"),
                address,
                text(payload, "uri"),
                text(payload, "statement"),
                chainId,
                text(payload, "nonce"),
                text(payload, "issuedAt"),
                text(payload, "expirationTime"));
        request.issuedAt();
        request.expirationTime();
        return request;
    }

    Instant issuedAt() {
        return SessionController.instant("issuedAt", issuedAtText);
    }

    Instant expirationTime() {
        return SessionController.instant("expirationTime", expirationTimeText);
    }

    /** The EIP-4361 text the wallet signed, rebuilt from the fields. */
    SiweMessage toMessage() {
        try {
            return SiweMessage.builder(domain, address, uri, chainId, nonce, issuedAtText)
                    .statement(statement)
                    .expirationTime(expirationTimeText)
                    .build();
        } catch (SiweException e) {
            throw SessionController.structure(e.reason());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw SessionController.structure(field + " must be a non-empty string");
        }
        return value.asString();
    }
}

package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.siwe.SiweMessage;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A sponsor's wallet: signs in with EIP-4361 and EIP-191 exactly as a browser wallet would. */
public final class Wallet {
    private final SigningKey key;

    public Wallet(SigningKey key) {
        this.key = key;
    }

    public Address address() {
        return key.address();
    }

    public SigningKey key() {
        return key;
    }

    /** GET /session, sign the payload, POST /session: returns the session token. */
    public String signIn(String baseUrl, ChainId chainId) {
        Http.Response session = trySignIn(baseUrl, chainId);
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        return session.body().get("session").get("id").asString();
    }

    /** GET /session, sign the payload, POST /session: returns the answer to the POST. */
    public Http.Response trySignIn(String baseUrl, ChainId chainId) {
        Http.Response payload =
                Http.get(baseUrl + "/session/" + chainId + "/" + address().checksummed(), Map.of());
        assertThat(payload.status()).as(payload.raw()).isEqualTo(200);
        return Http.post(baseUrl + "/session", signedBody(payload.body().get("session")), Map.of());
    }

    /** The POST /session body for a payload: the message rebuilt from the fields, signed. */
    public ObjectNode signedBody(JsonNode payload) {
        SiweMessage message = SiweMessage.builder(
                        payload.get("domain").asString(),
                        Address.of(payload.get("address").asString()),
                        payload.get("uri").asString(),
                        ChainId.of(payload.get("chainId").asLong()),
                        payload.get("nonce").asString(),
                        payload.get("issuedAt").asString())
                .statement(payload.get("statement").asString())
                .expirationTime(payload.get("expirationTime").asString())
                .build();
        String signature =
                key.sign(Eip191.personalMessageHash(message.toMessage())).toRsvHex();
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("signature", signature);
        body.set("payload", payload);
        return body;
    }
}

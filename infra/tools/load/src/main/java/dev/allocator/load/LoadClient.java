package dev.allocator.load;

import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.siwe.SiweMessage;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.security.ApiKeyFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The load run's side of the API, as a wallet speaks it: sign-in and POST /compact. */
final class LoadClient {
    static final String ARBITER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String api;
    private final String apiKey;

    /** Every request carries {@code apiKey}, a partner key: the run is limited by its tier, not by none. */
    LoadClient(String api, String apiKey) {
        this.api = api;
        this.apiKey = apiKey;
    }

    /** GET /session, sign the payload (EIP-4361 over EIP-191), POST /session: the session token. */
    String signIn(SigningKey wallet, ChainId chain) {
        JsonNode payload = expectOk(send(HttpRequest.newBuilder(URI.create(api + "/session/" + chain + "/"
                                + wallet.address().checksummed()))
                        .GET()))
                .get("session");
        SiweMessage message = SiweMessage.builder(
                        payload.get("domain").asString(),
                        Address.of(payload.get("address").asString()),
                        payload.get("uri").asString(),
                        chain,
                        payload.get("nonce").asString(),
                        payload.get("issuedAt").asString())
                .statement(payload.get("statement").asString())
                .expirationTime(payload.get("expirationTime").asString())
                .build();
        ObjectNode body = JSON.createObjectNode();
        body.put(
                "signature",
                wallet.sign(Eip191.personalMessageHash(message.toMessage())).toRsvHex());
        body.set("payload", payload);
        return expectOk(send(post("/session", body, null)))
                .get("session")
                .get("id")
                .asString();
    }

    /** POST /compact for {@code amount} of the lock, the nonce left to the allocator; the status. */
    int allocate(Address sponsor, String token, LockId lock, String amount, long expires, ChainId chain) {
        return compact(sponsor, token, lock, amount, expires, chain).statusCode();
    }

    /** POST /compact for {@code amount} of the lock, the nonce left to the allocator; the answer. */
    HttpResponse<String> compact(
            Address sponsor, String token, LockId lock, String amount, long expires, ChainId chain) {
        ObjectNode compact = JSON.createObjectNode();
        compact.put("arbiter", ARBITER);
        compact.put("sponsor", sponsor.checksummed());
        compact.putNull("nonce");
        compact.put("expires", Long.toString(expires));
        compact.put("id", lock.toString());
        compact.put("amount", amount);
        compact.putNull("witnessTypeString");
        compact.putNull("witnessHash");
        ObjectNode body = JSON.createObjectNode();
        body.put("chainId", chain.toString());
        body.set("compact", compact);
        return send(post("/compact", body, token));
    }

    private HttpRequest.Builder post(String path, JsonNode body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return token == null ? request : request.header("x-session-id", token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(
                    request.header(ApiKeyFilter.API_KEY_HEADER, apiKey)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}

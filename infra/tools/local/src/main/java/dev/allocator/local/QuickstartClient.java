package dev.allocator.local;

import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.siwe.SiweMessage;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The quick start as a program: signs in with a development wallet, finds a funded lock, asks for
 * a compact signature and checks it, printing each request as it goes. {@code ./allocator demo}
 * runs it against a local stack; {@code docs/quickstart.md} walks through the same steps.
 */
public final class QuickstartClient {
    /** The first well-known development account; the stand-in's seed funds it. Never use it for real funds. */
    public static final String DEMO_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final SigningKey wallet;

    public QuickstartClient(String api, SigningKey wallet) {
        this.api = api;
        this.wallet = wallet;
    }

    /** What the walk-through ended with. */
    public record Outcome(
            String sessionToken,
            String claimHash,
            String signature,
            String nonce,
            Address signer,
            JsonNode answer,
            JsonNode repeatedAnswer) {}

    public Outcome run(ChainId chain) throws IOException, InterruptedException {
        String token = signIn(chain, true);

        step("3. Find a lock with balance available to allocate", "GET " + api + "/balances");
        JsonNode lock = null;
        for (JsonNode balance :
                send(get("/balances").header("x-session-id", token)).get("balances")) {
            if (balance.get("chainId").asString().equals(chain.toString())
                    && !"0".equals(balance.get("balanceAvailableToAllocate").asString())) {
                lock = balance;
                break;
            }
        }
        if (lock == null) {
            throw new IllegalStateException(
                    "no funded lock on chain " + chain + "; deposit with POST /dev/deposit on the stand-in");
        }
        System.out.println("   lock " + lock.get("lockId").asString() + ", available "
                + lock.get("balanceAvailableToAllocate").asString());

        step("4. Ask the allocator to co-sign a compact (the allocator picks the nonce)", "POST " + api + "/compact");
        LockId lockId = LockId.parse(lock.get("lockId").asString());
        // Computed once, like EXPIRES in docs/quickstart.md: a repeat must send the same body.
        long expires = Instant.now().getEpochSecond()
                + Math.min(300, lockId.resetPeriod().seconds());
        String idempotencyKey = "quickstart-" + expires + "-" + UUID.randomUUID();
        ObjectNode compact = JSON.createObjectNode();
        compact.put("arbiter", wallet.address().checksummed());
        compact.put("sponsor", wallet.address().checksummed());
        compact.putNull("nonce");
        compact.put("expires", Long.toString(expires));
        compact.put("id", lockId.toString());
        compact.put("amount", "1000000000000000");
        compact.putNull("witnessTypeString");
        compact.putNull("witnessHash");
        ObjectNode request = JSON.createObjectNode();
        request.put("chainId", chain.toString());
        request.set("compact", compact);
        JsonNode signed = send(post("/compact", request, token).header("Idempotency-Key", idempotencyKey));
        System.out.println("   " + signed);

        step(
                "   Repeat it with the same Idempotency-Key: the same answer, nothing more allocated",
                "POST " + api + "/compact");
        JsonNode repeated = send(post("/compact", request, token).header("Idempotency-Key", idempotencyKey));
        if (!repeated.equals(signed)) {
            throw new IllegalStateException("the repeated request answered differently: " + repeated);
        }
        System.out.println("   the same hash, nonce and signature");

        step("5. Check the signature against the allocator's address", "GET " + api + "/health");
        Address allocator =
                Address.of(send(get("/health")).get("signingAddress").asString());
        Compact asSigned = new Compact(
                wallet.address(),
                wallet.address(),
                Uint256.parse(signed.get("nonce").asString()),
                Uint256.of(expires),
                lockId,
                Uint256.parse("1000000000000000"),
                null,
                null);
        Bytes32 claimHash = CompactV0.claimHash(asSigned);
        Address signer = Signature.parse(signed.get("signature").asString())
                .recover(CompactV0.digest(chain, claimHash))
                .orElseThrow(() -> new IllegalStateException("the signature recovers to no address"));
        if (!signer.equals(allocator)
                || !claimHash.value().equals(signed.get("hash").asString())) {
            throw new IllegalStateException("the signature is not the allocator's over this compact");
        }
        System.out.println("   recovers to " + signer + " = the allocator");
        return new Outcome(
                token,
                claimHash.value(),
                signed.get("signature").asString(),
                signed.get("nonce").asString(),
                signer,
                signed,
                repeated);
    }

    /**
     * Signs in as the wallet, as a browser wallet does: asks for the EIP-4361 message, signs it
     * (EIP-191 personal_sign) and starts a session; returns its token. Prints each step when told.
     */
    public String signIn(ChainId chain, boolean verbose) throws IOException, InterruptedException {
        if (verbose) {
            step("1. Ask for a sign-in message", "GET " + api + "/session/" + chain + "/" + wallet.address());
        }
        JsonNode payload =
                send(get("/session/" + chain + "/" + wallet.address())).get("session");
        SiweMessage message = SiweMessage.builder(
                        payload.get("domain").asString(),
                        wallet.address(),
                        payload.get("uri").asString(),
                        chain,
                        payload.get("nonce").asString(),
                        payload.get("issuedAt").asString())
                .statement(payload.get("statement").asString())
                .expirationTime(payload.get("expirationTime").asString())
                .build();
        if (verbose) {
            System.out.println(indent(message.toMessage()));
            step("2. Sign it (EIP-191 personal_sign) and start a session", "POST " + api + "/session");
        }
        ObjectNode signIn = JSON.createObjectNode();
        signIn.put(
                "signature",
                wallet.sign(Eip191.personalMessageHash(message.toMessage())).toRsvHex());
        signIn.set("payload", payload);
        String token =
                send(post("/session", signIn, null)).get("session").get("id").asString();
        if (verbose) {
            System.out.println("   session token (send it as x-session-id): " + token.substring(0, 24) + "…");
        }
        return token;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(api + path)).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return token == null ? request : request.header("x-session-id", token);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void step(String title, String request) {
        System.out.println();
        System.out.println(title);
        System.out.println("   " + request);
    }

    private static String indent(String text) {
        return "   | " + text.replace("\n", "\n   | ");
    }
}

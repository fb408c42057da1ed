package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** The command API end to end: real broker, real processor, the indexer stand-in over HTTP. */
@ExtendWith(KafkaBroker.class)
class CommandApiIT {
    static final ChainId CHAIN = CommandInstance.CHAIN;
    static final long ALLOCATOR_ID = CommandInstance.ALLOCATOR_ID;
    static final SigningKey ALLOCATOR = SigningKey.fromHex(CommandInstance.ALLOCATOR_KEY);
    static final AtomicInteger TOKENS = new AtomicInteger();

    static CommandStack stack;
    static IndexerStandIn indexer;
    static String api;
    static String eventsTopic;

    final Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));

    @BeforeAll
    static void start() {
        stack = CommandStack.start("api", 1);
        indexer = stack.indexer();
        api = stack.api();
        eventsTopic = stack.eventsTopic();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A fresh lock of this wallet holding {@code amount}, deposited an hour ago (final). */
    LockId fundedLock(String amount) {
        return stack.fund(wallet.address(), TOKENS.incrementAndGet(), amount);
    }

    static ObjectNode compact(Address sponsor, String nonce, long expires, LockId lock, String amount) {
        return CompactRequests.body(sponsor, nonce, expires, lock, amount, CHAIN);
    }

    static long inAnHour() {
        return Instant.now().getEpochSecond() + 3600;
    }

    Http.Response post(String token, Object body) {
        return Http.post(api + "/compact", body, Map.of("x-session-id", token));
    }

    @Test
    void signsCompactsWithAssignedAndExplicitNoncesAndWithAWitness() {
        String token = wallet.signIn(api, CHAIN);
        LockId lock = fundedLock("1000");

        Http.Response assigned = post(token, compact(wallet.address(), null, inAnHour(), lock, "100"));
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        assertThat(assigned.body().get("nonce").asString())
                .isEqualTo(new Nonce(wallet.address(), BigInteger.ZERO).toString());

        String explicitNonce = new Nonce(wallet.address(), BigInteger.valueOf(5)).toString();
        Http.Response explicit = post(token, compact(wallet.address(), explicitNonce, inAnHour(), lock, "100"));
        assertThat(explicit.status()).as(explicit.raw()).isEqualTo(200);
        assertThat(explicit.body().get("nonce").asString()).isEqualTo(explicitNonce);

        ObjectNode withWitness = compact(wallet.address(), null, inAnHour(), lock, "100");
        ((ObjectNode) withWitness.get("compact"))
                .put("witnessTypeString", "Mandate mandate)Mandate(uint256 fillExpires)");
        ((ObjectNode) withWitness.get("compact")).put("witnessHash", "0x" + "12".repeat(32));
        Http.Response witnessed = post(token, withWitness);
        assertThat(witnessed.status()).as(witnessed.raw()).isEqualTo(200);
        assertThat(witnessed.body().get("nonce").asString())
                .isEqualTo(new Nonce(wallet.address(), BigInteger.ONE).toString());

        for (Http.Response response : List.of(assigned, explicit, witnessed)) {
            assertThat(response.body().get("signature").asString()).matches("0x[0-9a-f]{128}");
            assertThat(response.body().get("hash").asString()).matches("0x[0-9a-f]{64}");
        }
        Compact signed = new Compact(
                Address.of(CompactRequests.ARBITER),
                wallet.address(),
                Uint256.parse(witnessed.body().get("nonce").asString()),
                Uint256.parse(
                        ((ObjectNode) withWitness.get("compact")).get("expires").asString()),
                lock,
                Uint256.of(100),
                "Mandate mandate)Mandate(uint256 fillExpires)",
                Bytes32.of("0x" + "12".repeat(32)));
        Bytes32 claimHash = CompactV0.claimHash(signed);
        assertThat(witnessed.body().get("hash").asString()).isEqualTo(claimHash.value());
        assertThat(Signature.parse(witnessed.body().get("signature").asString())
                        .recover(CompactV0.digest(CHAIN, claimHash)))
                .contains(ALLOCATOR.address());

        List<EventEnvelope> mine = EventLog.readAll(KafkaBroker.bootstrapServers(), eventsTopic).stream()
                .filter(e -> e.sponsor().equals(wallet.address()))
                .toList();
        assertThat(mine).extracting(EventEnvelope::sequence).containsExactly(1L, 2L, 3L, 4L);
        Event.CompactAllocated last = (Event.CompactAllocated) mine.get(3).event();
        assertThat(last.compact().witnessTypeString()).isEqualTo("Mandate mandate)Mandate(uint256 fillExpires)");
        assertThat(last.claimHash()).isEqualTo(claimHash);
    }

    @Test
    void answersEachRuleWithTheReferenceMessage() {
        String token = wallet.signIn(api, CHAIN);
        LockId lock = fundedLock("1000");
        long now = Instant.now().getEpochSecond();
        String used = new Nonce(wallet.address(), BigInteger.valueOf(9)).toString();
        assertThat(post(token, compact(wallet.address(), used, inAnHour(), lock, "1"))
                        .status())
                .isEqualTo(200);

        assertRejected(
                post(token, compact(wallet.address(), used, inAnHour(), lock, "1")),
                400,
                "Nonce has already been used");
        assertRejected(
                post(
                        token,
                        compact(
                                wallet.address(),
                                new Nonce(Address.of("0x0000000000000000000000000000000000000001"), BigInteger.ONE)
                                        .toString(),
                                inAnHour(),
                                lock,
                                "1")),
                400,
                "Nonce does not match sponsor address");
        assertRejected(post(token, compact(wallet.address(), null, now - 10, lock, "1")), 400, "Compact has expired");
        assertRejected(
                post(token, compact(wallet.address(), null, now + 7300, lock, "1")),
                400,
                "Expiration must be within 2 hours");
        LockId oneMinute = Locks.lock(2, ALLOCATOR_ID, Locks.token(TOKENS.incrementAndGet()));
        indexer.ledger()
                .deposit(
                        CHAIN,
                        wallet.address(),
                        oneMinute,
                        Uint256.of(10),
                        Instant.now().minusSeconds(3600));
        assertRejected(
                post(token, compact(wallet.address(), null, now + 600, oneMinute, "1")),
                400,
                "Reset period would allow forced withdrawal before expiration");
        assertRejected(
                post(
                        token,
                        compact(
                                wallet.address(),
                                null,
                                inAnHour(),
                                Locks.lock(7, ALLOCATOR_ID, Locks.token(99_999)),
                                "1")),
                400,
                "Resource lock not found");
        LockId withdrawing = fundedLock("10");
        indexer.ledger()
                .enableForcedWithdrawal(
                        CHAIN, wallet.address(), withdrawing, Instant.now().plusSeconds(60));
        assertRejected(
                post(token, compact(wallet.address(), null, inAnHour(), withdrawing, "1")),
                400,
                "Resource lock has forced withdrawals enabled");
        assertRejected(
                post(token, compact(wallet.address(), null, inAnHour(), lock, "5000")),
                400,
                "Insufficient allocatable balance (have 1000, need 5001)");
    }

    @Test
    void refusesLocksOfAnotherAllocator() {
        String token = wallet.signIn(api, CHAIN);
        Address other = SigningKey.generate(new SecureRandom()).address();
        indexer.ledger().registerAllocator(CHAIN, other, BigInteger.valueOf(8));
        LockId foreign = Locks.lock(7, 8, Locks.token(TOKENS.incrementAndGet()));
        indexer.ledger()
                .deposit(
                        CHAIN,
                        wallet.address(),
                        foreign,
                        Uint256.of(10),
                        Instant.now().minusSeconds(3600));

        assertRejected(
                post(token, compact(wallet.address(), null, inAnHour(), foreign, "1")), 400, "Invalid allocator ID");
    }

    @Test
    void requiresALiveSessionOfTheSponsor() {
        LockId lock = fundedLock("10");
        ObjectNode body = compact(wallet.address(), null, inAnHour(), lock, "1");

        assertRejected(Http.post(api + "/compact", body, Map.of()), 401, "Session ID required");
        assertRejected(post("not-a-token", body), 401, "Invalid session");

        String token = wallet.signIn(api, CHAIN);
        Wallet other = new Wallet(SigningKey.generate(new SecureRandom()));
        assertRejected(
                post(token, compact(other.address(), null, inAnHour(), lock, "1")),
                403,
                "Sponsor address does not match session");

        Http.Response signOut = Http.delete(api + "/session", Map.of("x-session-id", token));
        assertThat(signOut.status()).as(signOut.raw()).isEqualTo(200);
        assertThat(signOut.body().get("success").asBoolean()).isTrue();
        assertRejected(post(token, body), 401, "Invalid session");
    }

    @Test
    void acceptsEachSignInPayloadOnceAndOnlyWithItsSignature() {
        Http.Response payload = Http.get(api + "/session/10/" + wallet.address().lowercase(), Map.of());
        assertThat(payload.status()).isEqualTo(200);
        assertThat(payload.body().get("session").get("nonce").asString()).matches("[0-9a-f]{64}");
        ObjectNode body = wallet.signedBody(payload.body().get("session"));

        Wallet impostor = new Wallet(SigningKey.generate(new SecureRandom()));
        ObjectNode forged = impostor.signedBody(payload.body().get("session"));
        Http.Response forgedResponse = Http.post(api + "/session", forged, Map.of());
        assertThat(forgedResponse.status()).isEqualTo(400);
        assertThat(forgedResponse.error()).startsWith("Invalid signature: ");

        ObjectNode tampered = body.deepCopy();
        ((ObjectNode) tampered.get("payload")).put("nonce", "0".repeat(64));
        assertRejected(
                Http.post(api + "/session", tampered, Map.of()),
                400,
                "No matching session request found or request expired");

        assertThat(Http.post(api + "/session", body, Map.of()).status()).isEqualTo(200);
        assertRejected(
                Http.post(api + "/session", body, Map.of()),
                400,
                "No matching session request found or request expired");

        assertRejected(Http.get(api + "/session/zero/" + wallet.address(), Map.of()), 400, "Invalid chain ID format");
        Http.Response badAddress = Http.get(api + "/session/10/0x1234", Map.of());
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.error()).startsWith("Invalid Ethereum address format");
    }

    @Test
    void answersARetryWithTheSameIdempotencyKeyWithTheFirstSignature() {
        String token = wallet.signIn(api, CHAIN);
        LockId lock = fundedLock("100");
        ObjectNode body = compact(wallet.address(), null, inAnHour(), lock, "60");
        Map<String, String> headers = Map.of("x-session-id", token, "Idempotency-Key", "order-1");

        Http.Response first = Http.post(api + "/compact", body, headers);
        Http.Response retry = Http.post(api + "/compact", body, headers);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(EventLog.readAll(KafkaBroker.bootstrapServers(), eventsTopic).stream()
                        .filter(e -> e.sponsor().equals(wallet.address()))
                        .filter(e -> e.event() instanceof Event.CompactAllocated))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "[]",
                "{\"chainId\":\"10\"}",
                "{\"chainId\":\"ten\",\"compact\":{}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x12\",\"sponsor\":\"%s\"}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":null,\"expires\":1700000000,\"id\":\"1\",\"amount\":\"1\"}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":null,\"expires\":\"1.5\",\"id\":\"1\",\"amount\":\"1\"}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":null,\"expires\":\"-5\",\"id\":\"1\",\"amount\":\"1\"}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":\"0xZZ\",\"expires\":\"1\",\"id\":\"1\",\"amount\":\"1\"}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":null,\"expires\":\"1\",\"id\":\"1\",\"amount\":\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":null,\"expires\":\"1\",\"id\":\"1\",\"amount\":\"1\",\"witnessTypeString\":\"X x)X(uint256 a)\",\"witnessHash\":null}}",
                "{\"chainId\":\"10\",\"compact\":{\"arbiter\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"sponsor\":\"%s\",\"nonce\":null,\"expires\":\"1\",\"id\":\"1\",\"amount\":\"0\"}}"
            })
    void refusesBadInputWithAJsonErrorAndWritesNothing(String template) {
        String token = wallet.signIn(api, CHAIN);
        long before =
                EventLog.readAll(KafkaBroker.bootstrapServers(), eventsTopic).size();

        Http.Response response =
                post(token, template.replace("%s", wallet.address().checksummed()));

        assertThat(response.status()).as(response.raw()).isBetween(400, 499);
        assertThat(response.error()).isNotBlank();
        assertThat(EventLog.readAll(KafkaBroker.bootstrapServers(), eventsTopic))
                .hasSize((int) before);
    }

    @Test
    void refusesOversizedBodiesAndOtherContentTypes() {
        String token = wallet.signIn(api, CHAIN);
        String huge = "{\"chainId\":\"10\",\"pad\":\"" + "x".repeat(1_048_576) + "\"}";

        Http.Response tooLarge = post(token, huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).startsWith("Request body too large");

        Http.Response text =
                Http.post(api + "/compact", "chainId=10", Map.of("x-session-id", token, "Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.error()).isNotBlank();
    }

    @Test
    void reportsHealthWithTheSupportedChains() {
        Http.Response health = Http.get(api + "/health", Map.of());

        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("healthy");
        assertThat(health.body().get("signingAddress").asString())
                .isEqualTo(ALLOCATOR.address().checksummed());
        assertThat(health.body().get("supportedChains").toString())
                .contains("\"chainId\":\"10\"", "\"allocatorId\":\"7\"", "\"finalizationThresholdSeconds\":4");
    }

    static void assertRejected(Http.Response response, int status, String message) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.error()).isEqualTo(message);
    }
}

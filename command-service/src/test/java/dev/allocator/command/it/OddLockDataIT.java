package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.indexer.client.ResilientIndexer;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.LockId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One sponsor's lock whose indexer answer carries a balance of 2^256, over HTTP from the stand-in,
 * with the service's default breaker (50 % of 20 calls, from 10 on): its requests fail as that
 * lock's 502, and the breaker stays closed for another sponsor's healthy lock.
 */
@ExtendWith(KafkaBroker.class)
class OddLockDataIT {
    static CommandStack stack;

    @BeforeAll
    static void start() {
        stack = CommandStack.start("odd-lock", 1);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static LockId fundedLock(Wallet wallet, int token) {
        return stack.fund(wallet.address(), token, "1000");
    }

    static Http.Response allocate(String api, Wallet wallet, String token, LockId lock) {
        return Http.post(
                api + "/compact",
                CompactRequests.body(
                        wallet.address(), null, Instant.now().getEpochSecond() + 600, lock, "1", CommandInstance.CHAIN),
                Map.of("x-session-id", token));
    }

    @Test
    void oneSponsorsOddLockNeverOpensTheBreakerForAnotherSponsor() {
        String api = stack.api();
        Wallet odd = new Wallet(SigningKey.generate(new SecureRandom()));
        Wallet healthy = new Wallet(SigningKey.generate(new SecureRandom()));
        LockId oddLock = fundedLock(odd, 1);
        LockId healthyLock = fundedLock(healthy, 2);
        stack.indexer().serveOddBalance(CommandInstance.CHAIN, odd.address(), oddLock, BigInteger.ONE.shiftLeft(256));
        String oddToken = odd.signIn(api, CommandInstance.CHAIN);
        String healthyToken = healthy.signIn(api, CommandInstance.CHAIN);

        for (int i = 0; i < 37; i++) {
            Http.Response refused = allocate(api, odd, oddToken, oddLock);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(502);
            assertThat(refused.error()).isEqualTo("Indexer returned an invalid answer for this lock");
            assertThat(refused.body().get("code").asString()).isEqualTo("INDEXER_ANSWER_REJECTED");
            assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        }

        assertThat(stack.instances()
                        .get(0)
                        .bean(ResilientIndexer.class)
                        .circuitBreaker()
                        .getState())
                .isEqualTo(CircuitBreaker.State.CLOSED);
        Http.Response signed = allocate(api, healthy, healthyToken, healthyLock);
        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
        assertThat(signed.body().get("signature").asString()).matches("0x[0-9a-f]{128}");
    }
}

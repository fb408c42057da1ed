package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.crypto.SigningKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The indexer is down: the service still starts, says so in health, and answers 503, never a signature. */
@ExtendWith(KafkaBroker.class)
class IndexerDownIT {
    static CommandInstance instance;

    @BeforeAll
    static void start() {
        Map<String, Object> settings = new HashMap<>(
                CommandInstance.settings(KafkaBroker.bootstrapServers(), "http://127.0.0.1:9", "indexer-down"));
        settings.put("resilience4j.retry.instances.indexer.max-attempts", 2);
        settings.put("resilience4j.retry.instances.indexer.wait-duration", "10ms");
        instance = CommandInstance.start(settings);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void startsReportsTheIndexerAndRefusesToSignWithout() {
        String api = instance.baseUrl();

        Http.Response health = Http.get(api + "/health", Map.of());
        assertThat(health.status()).as(health.raw()).isEqualTo(503);
        assertThat(health.body().get("status").asString()).isEqualTo("unhealthy");
        assertThat(health.body().get("failing").toString()).contains("indexer");

        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token = wallet.signIn(api, CommandInstance.CHAIN);
        Http.Response compact = Http.post(
                api + "/compact",
                CompactRequests.body(
                        wallet.address(),
                        null,
                        Instant.now().getEpochSecond() + 600,
                        Locks.lock(7, CommandInstance.ALLOCATOR_ID, Locks.token(1)),
                        "1",
                        CommandInstance.CHAIN),
                Map.of("x-session-id", token));

        assertThat(compact.status()).as(compact.raw()).isEqualTo(503);
        assertThat(compact.error()).isEqualTo("Indexer unavailable");
        assertThat(compact.headers().firstValue("Retry-After")).contains("1");
    }
}

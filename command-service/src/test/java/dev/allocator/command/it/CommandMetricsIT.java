package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.LockId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The command service's metrics move on real requests: allocated and refused compacts, sign-ins,
 * session checks, signatures, indexer calls and error answers, each with the contract's tags, on a
 * real broker and processor; and the Prometheus scrape carries them with their help texts.
 */
@ExtendWith(KafkaBroker.class)
class CommandMetricsIT {
    static final String ALLOCATOR =
            SigningKey.fromHex(CommandInstance.ALLOCATOR_KEY).address().lowercase();

    static CommandStack stack;
    static MeterRegistry registry;

    final Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));

    @BeforeAll
    static void start() {
        stack = CommandStack.start("metrics", 1);
        registry = stack.instances().get(0).bean(MeterRegistry.class);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAllocatedAndARefusedCompactMoveTheirCountersWithTheirTags() {
        Counted allocated =
                counted(() -> registry.find("allocator.compacts").tags("outcome", "allocated", "reason", "none"));
        Counted insufficient = counted(() ->
                registry.find("allocator.compacts").tags("outcome", "rejected", "reason", "INSUFFICIENT_BALANCE"));
        Counted allocatedTime = counted(() -> registry.find("allocator.compact").tags("outcome", "allocated"));
        Counted rejectedTime = counted(() -> registry.find("allocator.compact").tags("outcome", "rejected"));
        Counted signatures = counted(() -> registry.find("allocator.signatures").tags("key", ALLOCATOR));
        Counted signIns =
                counted(() -> registry.find("allocator.sessions").tags("operation", "create", "outcome", "ok"));
        Counted validated =
                counted(() -> registry.find("allocator.sessions").tags("operation", "validate", "outcome", "ok"));
        Counted lockDetails = counted(() ->
                registry.find("allocator.indexer.request").tags("operation", "lockDetails", "outcome", "success"));
        Counted errors = counted(() -> registry.find("allocator.http.errors")
                .tags("method", "POST", "uri", "/compact", "status", "400", "code", "INSUFFICIENT_BALANCE"));

        String token = wallet.signIn(stack.api(), CommandInstance.CHAIN);
        LockId lock = stack.fund(wallet.address(), 1, "1000");
        Map<String, String> session = Map.of("x-session-id", token);
        long expires = Instant.now().getEpochSecond() + 3600;

        Http.Response ok = Http.post(
                stack.api() + "/compact",
                CompactRequests.body(wallet.address(), null, expires, lock, "600", CommandInstance.CHAIN),
                session);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        Http.Response refused = Http.post(
                stack.api() + "/compact",
                CompactRequests.body(wallet.address(), null, expires, lock, "500", CommandInstance.CHAIN),
                session);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);

        allocated.awaitIncreaseBy(1);
        insufficient.awaitIncreaseBy(1);
        allocatedTime.awaitIncreaseBy(1);
        rejectedTime.awaitIncreaseBy(1);
        signatures.awaitIncreaseBy(1);
        signIns.awaitIncreaseBy(1);
        validated.awaitIncreaseBy(2);
        lockDetails.awaitIncreaseBy(2);
        errors.awaitIncreaseBy(1);
        assertThat(registry.get("allocator.compact")
                        .tags("outcome", "allocated")
                        .timer()
                        .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    @Test
    void refusalsBeforeTheControllerCountAsRejectedWithTheirCode() {
        Counted badSession = counted(
                () -> registry.find("allocator.compacts").tags("outcome", "rejected", "reason", "INVALID_SESSION"));
        Counted validateRejected =
                counted(() -> registry.find("allocator.sessions").tags("operation", "validate", "outcome", "rejected"));
        Counted notJson = counted(() ->
                registry.find("allocator.compacts").tags("outcome", "rejected", "reason", "UNSUPPORTED_MEDIA_TYPE"));
        Counted notJsonError = counted(() -> registry.find("allocator.http.errors")
                .tags("method", "POST", "uri", "UNKNOWN", "status", "415", "code", "UNSUPPORTED_MEDIA_TYPE"));

        Http.Response invalid = Http.post(
                stack.api() + "/compact",
                CompactRequests.body(
                        wallet.address(),
                        null,
                        Instant.now().getEpochSecond() + 3600,
                        stack.fund(wallet.address(), 2, "1"),
                        "1",
                        CommandInstance.CHAIN),
                Map.of("x-session-id", "not-a-token"));
        assertThat(invalid.status()).isEqualTo(401);
        Http.Response text = Http.post(stack.api() + "/compact", "{}", Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);

        badSession.awaitIncreaseBy(1);
        validateRejected.awaitIncreaseBy(1);
        notJson.awaitIncreaseBy(1);
        notJsonError.awaitIncreaseBy(1);
    }

    @Test
    void theProcessorReportsRunningAndTheKnownOutcomesAreRegisteredAtStart() {
        assertThat(registry.get("allocator.processor.running").gauge().value()).isEqualTo(1.0);
        assertThat(registry.find("allocator.compacts")
                        .tags("outcome", "failed", "reason", "DECISION_UNCONFIRMED")
                        .counter())
                .isNotNull();
        assertThat(registry.find("allocator.compacts")
                        .tags("outcome", "failed", "reason", "INDEXER_UNAVAILABLE")
                        .counter())
                .isNotNull();
        for (String outcome : new String[] {"allocated", "rejected", "failed"}) {
            assertThat(registry.find("allocator.compact")
                            .tags("outcome", outcome)
                            .timer())
                    .as(outcome)
                    .isNotNull();
        }
        for (String operation : new String[] {"create", "validate", "revoke"}) {
            assertThat(registry.find("allocator.sessions")
                            .tags("operation", operation, "outcome", "failed")
                            .counter())
                    .as(operation)
                    .isNotNull();
        }
    }

    @Test
    void theScrapeCarriesTheContractsSeriesWithHelpTexts() {
        Http.Response scrape = Http.get(stack.api() + "/actuator/prometheus", Map.of("Accept", "text/plain"));
        assertThat(scrape.status()).isEqualTo(200);
        String text = scrape.raw();
        assertThat(text)
                .contains("allocator_compacts_total{")
                .contains("allocator_compact_seconds_bucket{")
                .contains("allocator_sessions_total{")
                .contains("allocator_session_seconds_bucket{")
                .contains("allocator_indexer_request_seconds_bucket{")
                .contains("allocator_signatures_total{")
                .contains("allocator_processor_running{")
                .contains("http_server_requests_seconds_bucket{")
                .contains("service=\"command-service\"");
        // resilience4j's binding is active for the indexer instance, not merely configured.
        assertThat(text)
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"indexer\"")
                .containsPattern("resilience4j_retry_calls_total\\{[^}]*name=\"indexer\"")
                .containsPattern("resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"indexer\"");
        for (String line : text.lines().toList()) {
            if (line.startsWith("# HELP allocator_")) {
                assertThat(line.split(" ", 4)).as(line).hasSize(4);
                assertThat(line.split(" ", 4)[3].strip()).as(line).isNotEmpty();
            }
        }
    }

    static Counted counted(Supplier<Search> search) {
        return new Counted(search);
    }

    /** A counter or timer's count, read now and awaited to grow (the answer is counted just after it is sent). */
    static final class Counted {
        private final Supplier<Search> search;
        private final double before;

        Counted(Supplier<Search> search) {
            this.search = search;
            this.before = count();
        }

        double count() {
            Search found = search.get();
            if (found.counter() != null) {
                return found.counter().count();
            }
            return found.timer() == null ? 0 : found.timer().count();
        }

        void awaitIncreaseBy(double expected) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(count() - before).isEqualTo(expected));
        }
    }
}

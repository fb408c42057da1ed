package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.indexer.client.SupportedChainsCache;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.security.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * /actuator/health, its readiness group and /actuator/info of one command-service instance on the
 * real broker and the indexer stand-in; GET /health keeps the reference's shape. The last test
 * stops the stand-in.
 */
@ExtendWith(KafkaBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {
    static final String ADDRESS =
            SigningKey.fromHex(CommandInstance.ALLOCATOR_KEY).address().checksummed();

    static CommandStack stack;
    static CommandInstance instance;
    static String api;
    /** Health details are for operators: an auditor key sees them. */
    static Map<String, String> auditor;

    @BeforeAll
    static void start() {
        stack = CommandStack.start("health", 1);
        instance = stack.instances().get(0);
        api = instance.baseUrl();
        auditor = Map.of("X-API-Key", instance.createKey(Role.AUDITOR));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void showsEveryComponentWithItsDetails() {
        JsonNode health =
                awaitHealth("/actuator/health", h -> h.status() == 200).body();

        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode components = health.path("components");
        assertThat(components.propertyNames())
                .contains("kafka", "sponsorProcessor", "replyListener", "signer", "indexer", "livenessState")
                .contains("readinessState");

        JsonNode kafka = components.path("kafka");
        assertThat(kafka.path("status").asString()).isEqualTo("UP");
        assertThat(kafka.path("details").path("clusterId").asString()).isNotBlank();
        assertThat(kafka.path("details").path("brokers").asInt()).isEqualTo(1);

        JsonNode processor = components.path("sponsorProcessor");
        assertThat(processor.path("status").asString()).isEqualTo("UP");
        assertThat(processor.path("details").path("state").asString()).isEqualTo("RUNNING");

        JsonNode replies = components.path("replyListener");
        assertThat(replies.path("status").asString()).isEqualTo("UP");
        assertThat(replies.path("details").path("positioned").asBoolean()).isTrue();
        assertThat(replies.path("details").path("topic").asString()).isEqualTo("health.replies");

        JsonNode signer = components.path("signer");
        assertThat(signer.path("status").asString()).isEqualTo("UP");
        assertThat(signer.path("details").path("keyLoaded").asBoolean()).isTrue();
        assertThat(signer.path("details").path("canSign").asBoolean()).isTrue();
        assertThat(signer.path("details").path("address").asString()).isEqualTo(ADDRESS);

        JsonNode indexer = components.path("indexer");
        assertThat(indexer.path("status").asString()).isEqualTo("UP");
        assertThat(indexer.path("details").path("circuitBreaker").path("state").asString())
                .isEqualTo("CLOSED");
        assertThat(indexer.path("details").path("circuitBreaker").path("name").asString())
                .isEqualTo("indexer");
        assertThat(Instant.parse(indexer.path("details").path("lastSuccess").asString()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(indexer.path("details")
                        .path("supportedChains")
                        .path("loaded")
                        .asBoolean())
                .isTrue();

        String raw = Http.get(api + "/actuator/health", auditor).raw();
        assertThat(raw.toLowerCase()).doesNotContain(CommandInstance.ALLOCATOR_KEY.substring(2));
    }

    @Test
    @Order(1)
    void showsComponentsButNoDetailsWithoutAKey() {
        Http.Response health = Http.get(api + "/actuator/health", Map.of());

        assertThat(health.body().path("components").propertyNames()).contains("kafka", "sponsorProcessor");
        assertThat(health.body().path("components").path("kafka").has("details"))
                .isFalse();
        assertThat(Http.get(api + "/actuator/metrics", Map.of())
                        .body()
                        .path("code")
                        .asString())
                .isEqualTo("API_KEY_REQUIRED");
        assertThat(Http.get(api + "/actuator/metrics", auditor).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void readinessIsTheProcessorAndTheReplyListenerOnly() {
        Http.Response readiness = Http.get(api + "/actuator/health/readiness", auditor);
        assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
        assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
        assertThat(readiness.body().path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "sponsorProcessor", "replyListener");

        Http.Response liveness = Http.get(api + "/actuator/health/liveness", Map.of());
        assertThat(liveness.status()).as(liveness.raw()).isEqualTo(200);
        assertThat(liveness.body().path("components").propertyNames()).containsExactly("livenessState");
    }

    @Test
    @Order(3)
    void getHealthKeepsTheReferenceShape() {
        Http.Response health = Http.get(api + "/health", Map.of());

        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.body().propertyNames())
                .containsExactly("status", "allocatorAddress", "signingAddress", "timestamp", "supportedChains");
        assertThat(health.body().path("status").asString()).isEqualTo("healthy");
        assertThat(health.body().path("allocatorAddress").asString()).isEqualTo(ADDRESS);
        JsonNode chain = health.body().path("supportedChains").get(0);
        assertThat(chain.propertyNames()).containsExactly("chainId", "allocatorId", "finalizationThresholdSeconds");
    }

    @Test
    @Order(4)
    void infoShowsTheBuildTheCommitAndTheAllocatorAddress() {
        Http.Response info = Http.get(api + "/actuator/info", Map.of());

        assertThat(info.status()).as(info.raw()).isEqualTo(200);
        assertThat(info.body().path("build").path("artifact").asString()).isEqualTo("command-service");
        assertThat(info.body().path("build").path("version").asString()).isNotBlank();
        assertThat(info.body().path("allocator").path("address").asString()).isEqualTo(ADDRESS);
        // The build records a commit only inside a git checkout (a source archive has none).
        if (builtFromGit()) {
            assertThat(info.body().path("git").path("commit").path("id").asString())
                    .matches("[0-9a-f]{7,}");
        }
    }

    @Test
    @Order(5)
    void readyOnlyWhileTheProcessorRunsAndTheReplyListenerIsPositioned() throws InterruptedException {
        SponsorProcessorRunner processor = instance.bean(SponsorProcessorRunner.class);
        processor.stop();
        Http.Response stopped = awaitHealth("/actuator/health/readiness", r -> r.status() == 503);
        assertThat(stopped.body().path("status").asString()).isEqualTo("DOWN");
        assertThat(component(stopped, "sponsorProcessor").path("status").asString())
                .isEqualTo("DOWN");
        assertThat(component(stopped, "sponsorProcessor")
                        .path("details")
                        .path("state")
                        .asString())
                .isEqualTo("NOT_RUNNING");

        processor.start();
        List<Http.Response> beforeReady = new ArrayList<>();
        Http.Response ready = awaitHealth("/actuator/health/readiness", r -> {
            if (r.status() != 200) {
                beforeReady.add(r);
            }
            return r.status() == 200;
        });
        assertThat(component(ready, "sponsorProcessor")
                        .path("details")
                        .path("state")
                        .asString())
                .as("ready first when the processor runs")
                .isEqualTo("RUNNING");
        assertThat(beforeReady).allSatisfy(r -> {
            assertThat(r.body().path("status").asString()).isIn("DOWN", "OUT_OF_SERVICE");
            assertThat(component(r, "sponsorProcessor").path("status").asString())
                    .isIn("DOWN", "OUT_OF_SERVICE");
        });
        assertThat(processor.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

        CommandGateway gateway = instance.bean(CommandGateway.class);
        gateway.stop();
        try {
            Http.Response deaf = Http.get(api + "/actuator/health/readiness", auditor);
            assertThat(deaf.status()).as(deaf.raw()).isEqualTo(503);
            assertThat(component(deaf, "replyListener").path("status").asString())
                    .isEqualTo("DOWN");
            assertThat(component(deaf, "replyListener")
                            .path("details")
                            .path("positioned")
                            .asBoolean())
                    .isFalse();
        } finally {
            gateway.start();
        }
        Http.Response listening = Http.get(api + "/actuator/health/readiness", auditor);
        assertThat(listening.status()).as(listening.raw()).isEqualTo(200);
        assertThat(component(listening, "replyListener").path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    @Order(6)
    void theIndexerGoesDownWhenItsBreakerOpensWhileReadinessStaysUp() {
        Instant lastSuccess = Instant.parse(component(Http.get(api + "/actuator/health", auditor), "indexer")
                .path("details")
                .path("lastSuccess")
                .asString());
        stack.indexer().close();
        SupportedChainsCache chains = instance.bean(SupportedChainsCache.class);
        // Each refresh is one guarded call: three failed attempts for the breaker's window.
        for (int i = 0; i < 10 && !indexerState().equals("OPEN"); i++) {
            assertThat(chains.refresh()).isFalse();
        }

        Http.Response health = Http.get(api + "/actuator/health", auditor);
        JsonNode indexer = component(health, "indexer");
        assertThat(indexer.path("status").asString()).isEqualTo("DOWN");
        assertThat(indexer.path("details").path("circuitBreaker").path("state").asString())
                .isEqualTo("OPEN");
        assertThat(indexer.path("details")
                        .path("circuitBreaker")
                        .path("failureRate")
                        .asDouble())
                .isGreaterThanOrEqualTo(50.0);
        assertThat(Instant.parse(indexer.path("details").path("lastSuccess").asString()))
                .isEqualTo(lastSuccess);
        assertThat(health.status()).as("the whole health is DOWN").isEqualTo(503);
        assertThat(health.body().path("status").asString()).isEqualTo("DOWN");

        Http.Response readiness = Http.get(api + "/actuator/health/readiness", auditor);
        assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
        assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
    }

    private static boolean builtFromGit() {
        Properties git = new Properties();
        try (InputStream in = HealthIT.class.getResourceAsStream("/META-INF/command-service/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return git.containsKey("git.commit.id");
    }

    private static String indexerState() {
        return component(Http.get(api + "/actuator/health", auditor), "indexer")
                .path("details")
                .path("circuitBreaker")
                .path("state")
                .asString();
    }

    private static JsonNode component(Http.Response response, String name) {
        return response.body().path("components").path(name);
    }

    private static Http.Response awaitHealth(String path, Predicate<Http.Response> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Http.Response response = Http.get(api + path, auditor);
            if (condition.test(response)) {
                return response;
            }
            assertThat(Instant.now())
                    .as("%s in time; last %s", path, response.raw())
                    .isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

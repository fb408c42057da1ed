package dev.allocator.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lock whose indexer answer is well-formed GraphQL with a balance of 2^256: that lock's requests
 * fail as rejected, without retries, and the shared breaker stays closed for everyone else.
 */
class OneTenantsOddDataTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Address ALLOCATOR = Address.of("0x00000000000018df021ff2467df97ff846e09f48");
    static final Address ODD_SPONSOR = Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    static final Address HEALTHY_SPONSOR = Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    static final LockId LOCK = LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000001");
    static final String TWO_TO_THE_256 = BigInteger.ONE.shiftLeft(256).toString();

    HttpServer indexer;
    final AtomicInteger oddRequests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        indexer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        indexer.createContext("/graphql", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            boolean odd = request.at("/variables/sponsor").asString().equals(ODD_SPONSOR.lowercase());
            if (odd) {
                oddRequests.incrementAndGet();
            }
            String balance = odd ? TWO_TO_THE_256 : "100";
            byte[] body = ("{\"data\":{\"accountDeltas\":{\"items\":[],\"pageInfo\":{\"hasNextPage\":false}},"
                            + "\"account\":{\"resourceLocks\":{\"items\":[{\"withdrawalStatus\":0,\"balance\":\""
                            + balance + "\"}]},\"claims\":{\"items\":[],\"pageInfo\":{\"hasNextPage\":false}}}}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        indexer.start();
    }

    @AfterEach
    void stop() {
        indexer.stop(0);
    }

    static LockDetailsQuery details(Address sponsor) {
        return new LockDetailsQuery(ALLOCATOR, sponsor, LOCK, ChainId.of(10), 1_750_000_000L, 1_749_989_200L);
    }

    @Test
    void rejectsA2To256BalanceWithoutOpeningTheBreakerForAHealthyLock() {
        IndexerProperties settings = new IndexerProperties(
                URI.create("http://127.0.0.1:" + indexer.getAddress().getPort()),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                1000,
                Duration.ofMinutes(10));
        // The services' defaults: 50 % of the last 20 calls, counted from 10 calls on.
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50f)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .build();
        ResilientIndexer client = ResilientIndexer.of(
                new GraphQlIndexer(settings),
                breaker,
                ResilientIndexerTest.quickRetries(3),
                BulkheadConfig.ofDefaults());

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> client.lockDetails(details(ODD_SPONSOR)))
                    .isInstanceOf(IndexerAnswerRejectedException.class)
                    .hasMessageContaining("GetDetails");
        }

        assertThat(oddRequests).as("one HTTP request per call: no retries").hasValue(100);
        assertThat(client.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        LockDetails healthy = client.lockDetails(details(HEALTHY_SPONSOR));
        assertThat(healthy.lock()).isEqualTo(new LockDetails.LockState(Uint256.of(100), 0));
    }
}

package dev.allocator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class KafkaHealthIndicatorTest {

    @Test
    void saysDownWithinItsTimeoutWhenNoBrokerAnswers() throws IOException {
        String nowhere;
        try (ServerSocket free = new ServerSocket(0)) {
            nowhere = "127.0.0.1:" + free.getLocalPort();
        }
        try (KafkaHealthIndicator kafka = new KafkaHealthIndicator(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere), Duration.ofMillis(500))) {
            long started = System.nanoTime();
            Health health = kafka.health();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("bootstrapServers", nowhere);
            assertThat(health.getDetails()).containsKey("error");
            assertThat(took)
                    .as("bounded by the timeout, not the client's default minute")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }
}

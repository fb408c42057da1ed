package dev.allocator.kafka.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit log never slows down or fails the request it describes, and counts what it loses. */
class KafkaAuditLogTest {

    @Test
    void aBrokerThatIsAwayCostsTheCallerNothingAndIsCountedAsFailed() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Port 9 (discard) on loopback: nothing speaks Kafka there.
        AuditProperties properties =
                new AuditProperties(true, "allocator.audit", "127.0.0.1:9", Duration.ofMillis(500), 10);
        try (KafkaAuditLog audit = new KafkaAuditLog(properties, registry)) {
            long started = System.nanoTime();
            audit.record(record());
            audit.record(record());
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(tookMillis).as("record() only enqueues").isLessThan(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (failed(registry) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(failed(registry)).isEqualTo(2.0);
            assertThat(registry.get("allocator.audit.records")
                            .tag("outcome", "sent")
                            .counter()
                            .count())
                    .isZero();
        }
    }

    @Test
    void aFullQueueDropsTheRecordAndCountsIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditProperties properties =
                new AuditProperties(true, "allocator.audit", "127.0.0.1:9", Duration.ofSeconds(5), 1);
        KafkaAuditLog audit = new KafkaAuditLog(properties, registry);
        try {
            // The sender thread blocks on metadata for the first; one waits in the queue; the rest drop.
            for (int i = 0; i < 5; i++) {
                audit.record(record());
            }
            assertThat(failed(registry)).isGreaterThanOrEqualTo(3.0);
        } finally {
            audit.close(Duration.ofMillis(100));
        }
    }

    @Test
    void enabledWithoutBrokersIsAConfigurationError() {
        assertThatThrownBy(() -> new AuditProperties(true, "allocator.audit", " ", Duration.ofSeconds(1), 10))
                .hasMessageContaining("bootstrap-servers");
    }

    private static double failed(SimpleMeterRegistry registry) {
        return registry.get("allocator.audit.records")
                .tag("outcome", "failed")
                .counter()
                .count();
    }

    private static AuditRecord record() {
        return AuditRecord.success(
                UUID.randomUUID(), Instant.now(), AuditAction.SIGN_IN, Actor.clientIp("127.0.0.1"), "r1", Map.of());
    }
}

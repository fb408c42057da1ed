package dev.allocator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SessionMetricsTest {
    final MeterRegistry registry = new SimpleMeterRegistry();
    final SessionMetrics metrics = new SessionMetrics(registry).performs(SessionMetrics.Operation.VALIDATE);

    double count(String outcome) {
        return registry.get("allocator.sessions")
                .tags("operation", "validate", "outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void registersEachOutcomeOfAnOperationItPerforms() {
        assertThat(registry.find("allocator.sessions").counters()).hasSize(3);
        assertThat(registry.find("allocator.session").timers()).hasSize(3);
        assertThat(registry.find("allocator.sessions")
                        .tag("operation", "create")
                        .counters())
                .isEmpty();
    }

    @Test
    void recordsACheckThatPassesAsOk() {
        assertThat(metrics.validate(() -> "session")).isEqualTo("session");

        assertThat(count("ok")).isEqualTo(1);
        assertThat(registry.get("allocator.session")
                        .tags("operation", "validate", "outcome", "ok")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void recordsAClientErrorAsRejectedAndAnythingElseAsFailed() {
        assertThatThrownBy(() -> metrics.validate(() -> {
                    throw new ApiException(CommonErrorCode.INVALID_SESSION);
                }))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> metrics.validate(() -> {
                    throw new ApiException(CommonErrorCode.INDEXER_UNAVAILABLE);
                }))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> metrics.validate(() -> {
                    throw new IllegalStateException("database down");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(count("rejected")).isEqualTo(1);
        assertThat(count("failed")).isEqualTo(2);
        assertThat(count("ok")).isZero();
    }
}

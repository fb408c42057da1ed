package dev.allocator.projector.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionPropertiesTest {

    @Test
    void cutoffIsNowLessThePeriodLessTheFinalizationAllowance() {
        RetentionProperties properties = properties(Duration.ofDays(30), Duration.ofHours(1), Duration.ofHours(1));

        assertThat(properties.cutoff(Instant.parse("2026-06-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-05-01T23:00:00Z"));
    }

    @Test
    void refusesAPeriodShorterThanADay() {
        assertThatThrownBy(() -> properties(Duration.ofHours(23), Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allocator.retention.period");
    }

    @Test
    void refusesANegativeOrOverlongFinalizationAllowance() {
        assertThatThrownBy(() -> properties(Duration.ofDays(30), Duration.ofSeconds(-1), Duration.ofHours(1)))
                .hasMessageContaining("finalization-allowance");
        assertThatThrownBy(() -> properties(Duration.ofDays(30), Duration.ofDays(2), Duration.ofHours(1)))
                .hasMessageContaining("finalization-allowance");
    }

    @Test
    void refusesAnIntervalShorterThanAMinute() {
        assertThatThrownBy(() -> properties(Duration.ofDays(30), Duration.ZERO, Duration.ofSeconds(59)))
                .hasMessageContaining("allocator.retention.interval");
    }

    private static RetentionProperties properties(Duration period, Duration allowance, Duration interval) {
        return new RetentionProperties(true, period, allowance, interval, Duration.ZERO, 1000);
    }
}

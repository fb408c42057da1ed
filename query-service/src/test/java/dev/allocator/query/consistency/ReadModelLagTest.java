package dev.allocator.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadModelLagTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ReadModelLag lag = new ReadModelLag();

    @Test
    void aProjectorThatKeepsUpWithASteadyStreamIsNeverBehindForLong() {
        for (int second = 0; second < 60; second++) {
            // Each reading: the log has grown by 100, the projector has reached the previous end.
            lag.observe(T0.plusSeconds(second), Map.of(0, 100L * (second + 1)), Map.of(0, 100L * second));
            assertThat(lag.behindFor(T0.plusSeconds(second))).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(lag.records()).isEqualTo(Map.of(0, 100L));
    }

    @Test
    void aStalledPartitionIsBehindSinceTheFirstEndItFailedToReachWhateverTheLogDoesAfter() {
        lag.observe(T0, Map.of(0, 10L, 1, 5L), Map.of(0, 10L, 1, 5L));
        assertThat(lag.behindSince()).isEmpty();

        lag.observe(T0.plusSeconds(5), Map.of(0, 11L, 1, 9L), Map.of(0, 10L, 1, 9L));
        for (int second = 10; second <= 600; second += 5) {
            lag.observe(T0.plusSeconds(second), Map.of(0, 11L, 1, 9L + second), Map.of(0, 10L, 1, 9L + second));
        }

        assertThat(lag.behindSince()).contains(T0.plusSeconds(5));
        assertThat(lag.behindFor(T0.plusSeconds(600))).isEqualTo(Duration.ofSeconds(595));
        assertThat(lag.records()).containsEntry(0, 1L).containsEntry(1, 0L);

        lag.observe(T0.plusSeconds(605), Map.of(0, 11L, 1, 700L), Map.of(0, 11L, 1, 700L));
        assertThat(lag.behindSince()).isEmpty();
        assertThat(lag.behindFor(T0.plusSeconds(605))).isZero();
    }

    @Test
    void aPartitionNeverWrittenToIsNotBehind() {
        lag.observe(T0, Map.of(0, 0L, 1, 3L), Map.of(1, 3L));

        assertThat(lag.behindSince()).isEmpty();
    }
}

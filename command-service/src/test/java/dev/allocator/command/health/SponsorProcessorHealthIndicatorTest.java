package dev.allocator.command.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class SponsorProcessorHealthIndicatorTest {
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final SponsorProcessorHealthIndicator indicator = new SponsorProcessorHealthIndicator(state::get);

    @Test
    void isOutOfServiceUntilItFirstRuns() {
        assertThat(statusIn(State.CREATED)).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(statusIn(State.REBALANCING)).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(statusIn(State.RUNNING)).isEqualTo(Status.UP);
    }

    @Test
    void saysRebalancingWhenPartitionsMoveAfterItRan() {
        statusIn(State.RUNNING);

        Health health = healthIn(State.REBALANCING);

        assertThat(health.getStatus()).isEqualTo(SponsorProcessorHealthIndicator.REBALANCING);
        assertThat(health.getDetails()).containsEntry("state", "REBALANCING");
    }

    @Test
    void isDownWhenStoppedOrFailedAndMustRunAgainBeforeItIsReady() {
        statusIn(State.RUNNING);

        assertThat(statusIn(State.ERROR)).isEqualTo(Status.DOWN);
        assertThat(statusIn(State.PENDING_SHUTDOWN)).isEqualTo(Status.DOWN);
        assertThat(statusIn(State.NOT_RUNNING)).isEqualTo(Status.DOWN);
        assertThat(statusIn(State.REBALANCING))
                .as("a processor started again is not ready before it runs")
                .isEqualTo(Status.OUT_OF_SERVICE);
    }

    private Status statusIn(State now) {
        return healthIn(now).getStatus();
    }

    private Health healthIn(State now) {
        state.set(now);
        return indicator.health();
    }
}

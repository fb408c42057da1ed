package dev.allocator.projector.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProjectorLagTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final ProjectorLag lag = new ProjectorLag(now::get);

    @Test
    void isUnknownBeforeThePartitionWasObserved() {
        assertThat(lag.seconds(0)).isNaN();
        assertThat(lag.records(0)).isNaN();
    }

    @Test
    void isZeroWhenCaughtUp() {
        lag.observe(0, 42, 42, now.get());
        now.addAndGet(60_000);

        assertThat(lag.records(0)).isZero();
        assertThat(lag.seconds(0)).isZero();
    }

    @Test
    void countsFromWhenTheOldestUnappliedEndWasFirstSeen() {
        lag.observe(0, 10, 10, now.get());
        now.addAndGet(1_000);
        lag.observe(0, 15, 10, now.get()); // five new events, none applied: behind since now
        now.addAndGet(2_000);
        lag.observe(0, 20, 12, now.get()); // two applied, five more arrived

        assertThat(lag.records(0)).isEqualTo(8);
        assertThat(lag.seconds(0)).isEqualTo(2.0);

        now.addAndGet(500);
        assertThat(lag.seconds(0)).as("keeps growing while nothing is observed").isEqualTo(2.5);

        lag.observe(0, 20, 15, now.get()); // everything that was there first is applied
        assertThat(lag.records(0)).isEqualTo(5);
        assertThat(lag.seconds(0))
                .as("now the events seen later are the oldest")
                .isEqualTo(0.5);

        lag.observe(0, 20, 20, now.get());
        assertThat(lag.records(0)).isZero();
        assertThat(lag.seconds(0)).isZero();
    }

    @Test
    void aProjectorThatKeepsUpWithASteadyStreamStaysNearZero() {
        long end = 0;
        for (int i = 0; i < 100; i++) {
            lag.observe(0, end + 3, end, now.get()); // three new events seen, the previous ones applied
            end += 3;
            now.addAndGet(100);
        }
        assertThat(lag.seconds(0)).isEqualTo(0.1);
        assertThat(lag.records(0)).isEqualTo(3);
    }

    @Test
    void partitionsAreIndependent() {
        lag.observe(0, 5, 5, now.get());
        lag.observe(1, 9, 4, now.get());
        now.addAndGet(3_000);

        assertThat(lag.seconds(0)).isZero();
        assertThat(lag.seconds(1)).isEqualTo(3.0);
        assertThat(lag.records(1)).isEqualTo(5);
    }

    @Test
    void rememberingFewerEndsOverstatesRatherThanUnderstates() {
        for (int i = 1; i <= ProjectorLag.MAX_SAMPLES + 10; i++) {
            lag.observe(0, i, 0, now.get());
            now.addAndGet(1_000);
        }
        lag.observe(0, ProjectorLag.MAX_SAMPLES + 10, ProjectorLag.MAX_SAMPLES + 5, now.get());

        assertThat(lag.records(0)).isEqualTo(5);
        // The last remembered end absorbed the newer ones: it dates from when it was first seen.
        assertThat(lag.seconds(0)).isGreaterThanOrEqualTo(10.0);
    }
}

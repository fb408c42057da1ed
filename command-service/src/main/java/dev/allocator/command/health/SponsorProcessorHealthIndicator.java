package dev.allocator.command.health;

import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code sponsorProcessor} component: the Kafka Streams state of this instance's processor.
 *
 * <ul>
 *   <li>UP: RUNNING, it decides for the partitions it owns;
 *   <li>OUT_OF_SERVICE: starting, or rebalancing before it ever ran: not ready yet;
 *   <li>REBALANCING: partitions are moving between instances after it has run. A rebalance
 *       pauses every instance of the group at once (one joining is enough), so readiness ranks
 *       this status below UP: the fleet stays routable, and the commands wait on the broker for
 *       the rebalance to finish like they would wait on a busy processor;
 *   <li>DOWN: shutting down, stopped, or failed.
 * </ul>
 *
 * <p>Whether it has run is learnt from the states this component sees, so a processor that is
 * started again after a stop must first be seen stopped; in a deployment it never is.
 */
final class SponsorProcessorHealthIndicator implements HealthIndicator {
    /** Ranked and mapped to HTTP in application.yml, for the whole health and for readiness. */
    static final Status REBALANCING = new Status("REBALANCING", "partitions are moving between instances");

    private final Supplier<KafkaStreams.State> state;
    private volatile boolean hasRun;

    SponsorProcessorHealthIndicator(Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    @Override
    public Health health() {
        KafkaStreams.State now = state.get();
        Health.Builder health = switch (now) {
            case RUNNING -> {
                hasRun = true;
                yield Health.up();
            }
            case REBALANCING ->
                hasRun
                        ? Health.status(REBALANCING)
                        : Health.outOfService().withDetail("reason", "waiting for its first partition assignment");
            case CREATED -> {
                hasRun = false;
                yield Health.outOfService().withDetail("reason", "starting");
            }
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> {
                hasRun = false;
                yield Health.down().withDetail("reason", "the processor is not running");
            }
        };
        return health.withDetail("state", now.name()).build();
    }
}

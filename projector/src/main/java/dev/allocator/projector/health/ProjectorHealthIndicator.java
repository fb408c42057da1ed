package dev.allocator.projector.health;

import dev.allocator.projector.Projector;
import dev.allocator.projector.ProjectorProperties;
import dev.allocator.projector.audit.AuditProjector;
import dev.allocator.projector.consumer.GenerationProjector;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The projector's component of {@code /actuator/health} ({@code projector}): whether the read
 * model keeps up with the log.
 *
 * <ul>
 *   <li>DOWN: the live projector is not running, a partition of the events or the audit topic is
 *       stopped (gap, unknown event type or newer version), or
 *       batches have been failing and retried for longer than {@code unhealthy-after} (database
 *       unreachable, or an event refused and not yet dead-lettered);
 *   <li>DEGRADED: records were dead-lettered since the projector started; the read model runs but
 *       lacks them. An operator reads them from the dead-letter topic; a restart clears the status,
 *       not the alert history;
 *   <li>UP otherwise.
 * </ul>
 */
public final class ProjectorHealthIndicator implements HealthIndicator {
    /** Serving, but missing dead-lettered events; ranked and mapped in allocator-projector.yml. */
    public static final Status DEGRADED = new Status("DEGRADED", "events were dead-lettered");

    private final Projector projector;
    private final ProjectorProperties properties;

    public ProjectorHealthIndicator(Projector projector, ProjectorProperties properties) {
        this.projector = projector;
        this.properties = properties;
    }

    @Override
    public Health health() {
        GenerationProjector live = projector.live();
        if (live == null) {
            return properties.enabled()
                    ? Health.down()
                            .withDetail("reason", "the projector is not started")
                            .build()
                    : Health.unknown().withDetail("reason", "disabled").build();
        }
        Map<Integer, String> stopped = live.stoppedPartitions();
        Map<Integer, String> auditStopped =
                projector.liveAudit().map(AuditProjector::stoppedPartitions).orElse(Map.of());
        Optional<GenerationProjector.Failing> failing = live.failing();
        Map<String, Long> deadLettered = live.deadLettered();
        long parked = deadLettered.values().stream().mapToLong(Long::longValue).sum();

        Health.Builder health;
        if (!live.isRunning()) {
            health = Health.down().withDetail("reason", "the projector thread is not running");
        } else if (!stopped.isEmpty()) {
            health = Health.down().withDetail("reason", "partitions stopped");
        } else if (!auditStopped.isEmpty()) {
            health = Health.down().withDetail("reason", "audit partitions stopped at records of a newer release");
        } else if (failing.isPresent() && failing.get().duration().compareTo(properties.unhealthyAfter()) > 0) {
            health = Health.down()
                    .withDetail("reason", "batches failing for longer than " + properties.unhealthyAfter());
        } else if (parked > 0) {
            health = Health.status(DEGRADED).withDetail("reason", parked + " records dead-lettered since start");
        } else {
            health = Health.up();
        }
        health.withDetail("generation", live.generation().schema())
                .withDetail("positions", live.positions())
                .withDetail("stoppedPartitions", stopped)
                .withDetail("stoppedAuditPartitions", auditStopped)
                .withDetail("deadLettered", deadLettered);
        failing.ifPresent(now -> health.withDetail(
                "retrying",
                Map.of(
                        "since", now.since().toString(),
                        "attempts", now.attempts(),
                        "fault", now.fault(),
                        "lastError", now.message())));
        return health.build();
    }
}

package dev.allocator.command.health;

import dev.allocator.command.signing.SigningView;
import dev.allocator.model.control.SigningStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code signing} component: UP while compacts are signed, {@code PAUSED} while an operator has
 * paused signing, with when, by whom and why. PAUSED ranks above UP and maps to 200, and readiness
 * does not include this component: a paused instance still serves sign-ins, refreshes, sign-outs
 * and reads, so it must stay in the load balancer.
 */
final class SigningHealthIndicator implements HealthIndicator {
    static final Status PAUSED = new Status("PAUSED", "Signing is paused by the operator");

    private final SigningView view;

    SigningHealthIndicator(SigningView view) {
        this.view = view;
    }

    @Override
    public Health health() {
        SigningStatus status = view.status();
        Health.Builder builder = status.paused() ? Health.status(PAUSED) : Health.up();
        builder.withDetail("paused", status.paused());
        if (status.since() != null) {
            builder.withDetail("since", status.since().toString());
            builder.withDetail("by", status.actor().id());
        }
        if (status.reason() != null) {
            builder.withDetail("reason", status.reason());
        }
        return builder.build();
    }
}

package dev.allocator.command.health;

import java.util.function.BooleanSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code replyListener} component: UP while this instance's reply router is positioned on every
 * partition of the reply topic and reading. Without it no request of this instance can get its
 * answer, whatever the processors decide, so readiness includes it.
 */
final class ReplyListenerHealthIndicator implements HealthIndicator {
    private final BooleanSupplier positioned;
    private final String topic;

    ReplyListenerHealthIndicator(BooleanSupplier positioned, String topic) {
        this.positioned = positioned;
        this.topic = topic;
    }

    @Override
    public Health health() {
        boolean reading = positioned.getAsBoolean();
        Health.Builder health = reading
                ? Health.up()
                : Health.down().withDetail("reason", "not positioned on the reply partitions, or stopped");
        return health.withDetail("topic", topic)
                .withDetail("positioned", reading)
                .build();
    }
}

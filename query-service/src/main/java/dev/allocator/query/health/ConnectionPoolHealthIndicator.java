package dev.allocator.query.health;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code connectionPool} component: the Hikari pool's connections in use, idle and waited for.
 * DOWN only when the pool is closed; a pool with requests waiting is UP and says {@code saturated},
 * because waiting is load, not failure (the {@code hikaricp_connections_pending} metric alerts on
 * it). Whether the database answers is the {@code db} component.
 */
final class ConnectionPoolHealthIndicator implements HealthIndicator {
    private final HikariDataSource pool;

    ConnectionPoolHealthIndicator(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        HikariPoolMXBean stats = pool.getHikariPoolMXBean();
        if (pool.isClosed() || stats == null) {
            return Health.down()
                    .withDetail("pool", String.valueOf(pool.getPoolName()))
                    .withDetail("reason", pool.isClosed() ? "closed" : "not started")
                    .build();
        }
        int active = stats.getActiveConnections();
        int waiting = stats.getThreadsAwaitingConnection();
        return Health.up()
                .withDetail("pool", pool.getPoolName())
                .withDetail("active", active)
                .withDetail("idle", stats.getIdleConnections())
                .withDetail("total", stats.getTotalConnections())
                .withDetail("max", pool.getMaximumPoolSize())
                .withDetail("waiting", waiting)
                .withDetail("saturated", waiting > 0 && active >= pool.getMaximumPoolSize())
                .build();
    }
}

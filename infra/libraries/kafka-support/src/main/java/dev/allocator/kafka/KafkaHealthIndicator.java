package dev.allocator.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code kafka} health component of every service: UP when a broker answers DescribeCluster
 * within {@code timeout}, with the cluster id, the number of brokers and the controller; DOWN with
 * the error otherwise. The timeout bounds the health call, so an unreachable broker costs each
 * call at most that long, never the admin client's default of a minute.
 *
 * <p>One admin client, created on the first check and kept: it reconnects by itself.
 */
public final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {
    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private Admin admin;

    /** @param adminConfig admin client settings: at least the bootstrap servers, plus any security settings */
    public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.adminConfig = new HashMap<>(adminConfig);
        this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "health-kafka");
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        long millis = timeout.toMillis();
        try {
            DescribeClusterResult cluster =
                    admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
            String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            Collection<Node> brokers = cluster.nodes().get(millis, TimeUnit.MILLISECONDS);
            Node controller = cluster.controller().get(millis, TimeUnit.MILLISECONDS);
            Health.Builder health =
                    brokers.isEmpty() ? Health.down().withDetail("reason", "the cluster lists no broker") : Health.up();
            return health.withDetail("clusterId", String.valueOf(clusterId))
                    .withDetail("brokers", brokers.size())
                    .withDetail("controller", controller == null || controller.isEmpty() ? "none" : controller.id())
                    .build();
        } catch (ExecutionException e) {
            return down(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            return down("no answer from the brokers within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (RuntimeException e) {
            return down(e.toString());
        }
    }

    private Health down(String error) {
        return Health.down()
                .withDetail(
                        "bootstrapServers", String.valueOf(adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)))
                .withDetail("error", error)
                .build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}

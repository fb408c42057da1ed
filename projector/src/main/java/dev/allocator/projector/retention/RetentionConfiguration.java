package dev.allocator.projector.retention;

import dev.allocator.kafka.audit.AuditLog;
import dev.allocator.projector.ProjectorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read-model retention job, scheduled in the projector that projects (docs/operations.md, "Retention"). */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    ReadModelPruner readModelPruner(DataSource dataSource, RetentionProperties retention) {
        return new ReadModelPruner(dataSource, retention, Clock.systemUTC());
    }

    @Bean
    RetentionJob retentionJob(
            ReadModelPruner readModelPruner,
            RetentionProperties retention,
            ProjectorProperties projector,
            ObjectProvider<AuditLog> auditLog,
            MeterRegistry registry) {
        // A projector started with allocator.projector.enabled=false maintains nothing, so it prunes
        // nothing either: the instance that projects is the one that keeps the read model's size.
        RetentionProperties schedule = projector.enabled()
                ? retention
                : new RetentionProperties(
                        false,
                        retention.period(),
                        retention.finalizationAllowance(),
                        retention.interval(),
                        retention.initialDelay(),
                        retention.batchSize());
        return new RetentionJob(
                readModelPruner,
                schedule,
                auditLog.getIfAvailable(() -> AuditLog.DISCARD),
                registry,
                Clock.systemUTC());
    }
}

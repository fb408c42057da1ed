package dev.allocator.ratelimit;

import dev.allocator.kafka.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Rate limits for a service that has the deployment's PostgreSQL: migrates the {@code
 * allocator_rate_limit} schema (its own Flyway history, so read-model rebuilds never touch it),
 * and registers the filter and the {@link RateLimiter} the session checks call.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "allocator.rate-limit", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitAutoConfiguration {
    /**
     * After Spring Security's filter chain ({@code SecurityProperties.DEFAULT_FILTER_ORDER}, -100),
     * so an API key is already authenticated, and before the command service's admission filter,
     * so a refused request never takes an in-flight permit.
     */
    public static final int FILTER_ORDER = -100 + 10;

    static final String SCHEMA = "allocator_rate_limit";

    private static final Logger log = LoggerFactory.getLogger(RateLimitAutoConfiguration.class);

    @Bean
    RateLimitSchema rateLimitSchema(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations("classpath:db/rate-limit")
                .load()
                .migrate();
        return new RateLimitSchema();
    }

    @Bean(destroyMethod = "close")
    RateLimitThreads rateLimitThreads(RateLimitProperties properties) {
        return new RateLimitThreads(properties.databaseThreads());
    }

    @Bean
    RateLimiter rateLimiter(
            RateLimitSchema schema,
            DataSource dataSource,
            RateLimitProperties properties,
            RateLimitThreads threads,
            ApplicationEventPublisher events,
            ObjectProvider<MeterRegistry> registry,
            ObjectProvider<Clock> clock) {
        RateLimiter limiter = new RateLimiter(
                properties,
                new Buckets.Shared(dataSource),
                threads.database,
                events,
                registry.getIfAvailable(SimpleMeterRegistry::new),
                clock.getIfAvailable(Clock::systemUTC));
        threads.cleanup.scheduleWithFixedDelay(
                () -> {
                    try {
                        limiter.removeExpired(1_000);
                    } catch (RuntimeException e) {
                        log.debug("Could not remove expired rate-limit buckets", e);
                    }
                },
                1,
                1,
                TimeUnit.MINUTES);
        return limiter;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimiter limiter, RateLimitProperties properties) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(limiter, new ClientAddresses(properties.trustedProxies())));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /** Refusals reach the audit log as one record per subject, group and minute. */
    @Bean
    RateLimitAudit rateLimitAudit(ObjectProvider<AuditLog> auditLog, ObjectProvider<Clock> clock) {
        return new RateLimitAudit(
                auditLog.getIfAvailable(() -> AuditLog.DISCARD),
                clock.getIfAvailable(Clock::systemUTC),
                Duration.ofMinutes(1));
    }

    /** Marks the schema as migrated, so the limiter starts after it. */
    static final class RateLimitSchema {}

    /** The bounded pool that talks to PostgreSQL, and the expired-bucket sweeper. */
    static final class RateLimitThreads implements DisposableBean {
        final ThreadPoolExecutor database;
        final ScheduledExecutorService cleanup;

        RateLimitThreads(int threads) {
            this.database = new ThreadPoolExecutor(
                    threads,
                    threads,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(threads * 16),
                    named("rate-limit-db-"),
                    new ThreadPoolExecutor.AbortPolicy());
            this.cleanup = Executors.newSingleThreadScheduledExecutor(named("rate-limit-sweep-"));
        }

        private static ThreadFactory named(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        @Override
        public void destroy() {
            close();
        }

        void close() {
            database.shutdownNow();
            cleanup.shutdownNow();
        }
    }
}

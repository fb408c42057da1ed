package dev.allocator.security;

import dev.allocator.kafka.audit.AuditLog;
import dev.allocator.security.keys.ApiKeysEndpointConfiguration;
import dev.allocator.security.otp.SecondFactor;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * API keys and roles for every service that depends on this library: the key table (migrated at
 * start-up), the verifier with its short cache, batched usage counts, the second factor, and one
 * Spring Security chain that only authenticates and authorizes. It writes no headers and does no
 * CORS (the http-api library's filters do both, for every answer), keeps no session and no CSRF
 * token (keys travel in headers, never in cookies), and offers no form or basic login.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiKeyProperties.class)
@EnableWebSecurity
@Import(ApiKeysEndpointConfiguration.class)
public class ApiKeySecurityAutoConfiguration {

    /** admin > operator > auditor; partner implies nothing. */
    @Bean
    static RoleHierarchy allocatorRoleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name())
                .implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name())
                .implies(Role.AUDITOR.name())
                .build();
    }

    /**
     * A trace is the request, the command, the decision and the reply; Spring Security's own spans
     * for each filter and the authorization would sit between the request and the command (and
     * cost on every request) without telling an operator anything the access log does not.
     */
    @Bean
    static SecurityObservationSettings allocatorSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Keys are verified by {@link ApiKeyFilter}, not by an authentication manager; this one
     * authenticates nothing, and its presence keeps Boot from creating a user with a generated
     * password.
     */
    @Bean
    AuthenticationManager noPasswordAuthentication() {
        return authentication -> {
            throw new ProviderNotFoundException("only API keys authenticate here");
        };
    }

    @Bean
    ApiKeyStore apiKeyStore(DataSource dataSource) {
        SecuritySchema.migrate(dataSource);
        return new ApiKeyStore(dataSource);
    }

    @Bean
    ApiKeyVerifier apiKeyVerifier(ApiKeyStore store, ApiKeyProperties properties, ObjectProvider<Clock> clock) {
        return new ApiKeyVerifier(store, clock.getIfAvailable(Clock::systemUTC), properties.cacheTtl());
    }

    @Bean
    KeyUsage apiKeyUsage(ApiKeyStore store, ObjectProvider<Clock> clock) {
        return new KeyUsage(store, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    KeyUsageFlusher apiKeyUsageFlusher(KeyUsage usage, ApiKeyProperties properties) {
        return new KeyUsageFlusher(usage, properties);
    }

    @Bean
    SecondFactor secondFactor(ApiKeyStore store, ObjectProvider<Clock> clock) {
        return new SecondFactor(store, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    OperatorAudit operatorAudit(ObjectProvider<AuditLog> auditLog, ObjectProvider<Clock> clock) {
        return new OperatorAudit(
                auditLog.getIfAvailable(() -> AuditLog.DISCARD), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    SecurityFilterChain allocatorSecurityFilterChain(
            HttpSecurity http, ApiKeyVerifier verifier, KeyUsage usage, OperatorAudit audit) throws Exception {
        SecurityErrors errors = new SecurityErrors(audit);
        http.csrf(csrf -> csrf.disable())
                .cors(cors -> cors.disable())
                .headers(headers -> headers.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Not a bean: Boot would register it a second time, as a servlet filter of its own.
                .addFilterBefore(new ApiKeyFilter(verifier, usage, audit), AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .authorizeHttpRequests(PathRules::apply);
        return http.build();
    }

    /** Writes the counted key uses every {@code usage-flush-interval}, and once more when stopping. */
    static final class KeyUsageFlusher implements SmartLifecycle {
        private final KeyUsage usage;
        private final ApiKeyProperties properties;
        private ScheduledExecutorService executor;

        KeyUsageFlusher(KeyUsage usage, ApiKeyProperties properties) {
            this.usage = usage;
            this.properties = properties;
        }

        @Override
        public synchronized void start() {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "api-key-usage");
                thread.setDaemon(true);
                return thread;
            });
            long millis = properties.usageFlushInterval().toMillis();
            executor.scheduleWithFixedDelay(usage::flush, millis, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
                usage.flush();
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }

        /** Stopped after the web server (which stops at a higher phase), before the pool closes. */
        @Override
        public int getPhase() {
            return 0;
        }
    }
}

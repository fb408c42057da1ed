package dev.allocator.ratelimit;

import dev.allocator.model.value.Address;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A service "instance" for the tests: a few endpoints that count how often they ran, a stand-in
 * for Spring Security that authenticates {@code X-Test-Key: id:ROLE}, and the library's
 * auto-configuration over a real PostgreSQL.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class LimitedApp {
    static ConfigurableApplicationContext start(String jdbcUrl, String... properties) {
        return new SpringApplicationBuilder(LimitedApp.class)
                .properties("server.port=0", "spring.datasource.url=" + jdbcUrl)
                .properties("spring.datasource.username=postgres", "spring.datasource.password=postgres")
                .properties(properties)
                .run();
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Bean
    io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }

    @Bean
    Handled handled() {
        return new Handled();
    }

    @Bean
    Rejections rejections() {
        return new Rejections();
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> testKeys() {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        String key = request.getHeader("X-Test-Key");
                        if (key == null) {
                            chain.doFilter(request, response);
                            return;
                        }
                        String[] parts = key.split(":");
                        SecurityContextHolder.getContext()
                                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                                        parts[0], null, List.of(new SimpleGrantedAuthority(parts[1]))));
                        try {
                            chain.doFilter(request, response);
                        } finally {
                            SecurityContextHolder.clearContext();
                        }
                    }
                });
        registration.setOrder(-100); // where Spring Security's chain stands
        return registration;
    }

    static final class Handled extends AtomicInteger {}

    static final class Rejections {
        final List<RateLimitRejected> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @EventListener
        void on(RateLimitRejected rejected) {
            seen.add(rejected);
        }
    }

    /** Registered as a member class of this configuration. */
    @RestController
    static final class Endpoints {
        private final Handled handled;
        private final RateLimiter limiter;

        Endpoints(Handled handled, RateLimiter limiter) {
            this.handled = handled;
            this.limiter = limiter;
        }

        @GetMapping("/compacts")
        Map<String, Object> read() {
            handled.incrementAndGet();
            return Map.of("ok", true);
        }

        /** Stands in for a session check that accepted a token for this sponsor. */
        @PostMapping("/compact")
        Map<String, Object> allocate(@RequestHeader("X-Test-Sponsor") String sponsor) {
            limiter.checkSponsor(Address.of(sponsor));
            handled.incrementAndGet();
            return Map.of("ok", true);
        }

        @GetMapping("/actuator/health")
        Map<String, Object> health() {
            return Map.of("status", "UP");
        }
    }
}

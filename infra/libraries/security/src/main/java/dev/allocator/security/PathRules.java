package dev.allocator.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Which path needs which role; the table in docs/security.md ("Operator authentication") says
 * the same. Every other path is the public API: open, sessions checked by the services.
 */
final class PathRules {
    private PathRules() {}

    static void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry paths) {
        paths
                // A CORS preflight carries no credentials; the CORS policy answers it.
                .requestMatchers(HttpMethod.OPTIONS, "/**")
                .permitAll()
                // Probes, the build's identity and the scrape stay open (health details do not: see
                // management.endpoint.health.show-details).
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/**")
                .hasRole(Role.AUDITOR.name())
                .requestMatchers("/actuator/**")
                .hasRole(Role.OPERATOR.name())
                .requestMatchers("/admin/keys", "/admin/keys/**")
                .hasRole(Role.ADMIN.name())
                // The effective configuration names hosts, users and limits: operating, not auditing.
                .requestMatchers(HttpMethod.GET, "/admin/config/**")
                .hasRole(Role.OPERATOR.name())
                .requestMatchers(HttpMethod.HEAD, "/admin/config/**")
                .hasRole(Role.OPERATOR.name())
                .requestMatchers(
                        HttpMethod.GET,
                        "/admin/read-model/**",
                        "/admin/audit",
                        "/admin/audit/**",
                        "/admin/stats",
                        "/admin/sponsors/**")
                .hasRole(Role.AUDITOR.name())
                .requestMatchers(
                        HttpMethod.HEAD,
                        "/admin/read-model/**",
                        "/admin/audit",
                        "/admin/audit/**",
                        "/admin/stats",
                        "/admin/sponsors/**")
                .hasRole(Role.AUDITOR.name())
                .requestMatchers(HttpMethod.POST, "/admin/read-model/**")
                .hasRole(Role.OPERATOR.name())
                // Pausing and resuming signing, dead letters: operating.
                .requestMatchers(HttpMethod.POST, "/admin/signing/**", "/admin/dead-letters/**")
                .hasRole(Role.OPERATOR.name())
                .requestMatchers(HttpMethod.GET, "/admin/signing/**", "/admin/dead-letters/**")
                .hasRole(Role.AUDITOR.name())
                // Anything else under /admin: admin only until a rule above says otherwise.
                .requestMatchers("/admin", "/admin/**")
                .hasRole(Role.ADMIN.name())
                .anyRequest()
                .permitAll();
    }
}

package dev.allocator.http.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code allocator.admin.config.*}: which service this is for {@code GET /admin/config/<service>}
 * (the gateways route by that segment) and which property prefixes the answer includes.
 *
 * @param service this service's name in the path: {@code command}, {@code query} or {@code projector}
 * @param include the property prefixes shown (canonical form, e.g. {@code spring.kafka})
 */
@Validated
@ConfigurationProperties("allocator.admin.config")
public record AdminConfigProperties(
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]*") String service,

        @DefaultValue({
            "allocator",
            "spring.application.name",
            "spring.profiles",
            "spring.kafka",
            "spring.datasource",
            "spring.flyway",
            "server",
            "management",
            "logging"
        })
        @NotEmpty
        List<String> include) {}

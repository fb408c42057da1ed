package dev.allocator.http.config;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/config/<service>}: this service's effective configuration, secrets masked
 * ({@link EffectiveConfiguration}). Each service answers only its own name; the gateways route
 * {@code /admin/config/command}, {@code /query} and {@code /projector} to their services. The
 * role (operator) is the security library's path rule.
 */
@RestController
public class AdminConfigController {
    private final ConfigurableEnvironment environment;
    private final AdminConfigProperties properties;

    public AdminConfigController(ConfigurableEnvironment environment, AdminConfigProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    @GetMapping("/admin/config/{service}")
    public Map<String, Object> config(@PathVariable String service) {
        if (!service.equals(properties.service())) {
            throw new ApiException(CommonErrorCode.NOT_FOUND);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service", properties.service());
        answer.put("profiles", List.of(environment.getActiveProfiles()));
        answer.put("masked", EffectiveConfiguration.MASK);
        answer.put("properties", EffectiveConfiguration.of(environment, properties.include()));
        return answer;
    }
}

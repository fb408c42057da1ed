package dev.allocator.local;

import java.util.Map;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Spring Boot's structured (JSON) log encoder for local mode, where the three services share one
 * logging system that no Spring application configures: Boot would hand the encoder its
 * environment; here the encoder gets one of its own that adds each line's service ({@link
 * ServiceName}), as the services' own ECS lines carry it in a deployment.
 */
public final class LocalJsonEncoder extends StructuredLogEncoder {
    @Override
    public void start() {
        if (getContext().getObject(Environment.class.getName()) == null) {
            StandardEnvironment environment = new StandardEnvironment();
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "local-logging",
                            Map.of(
                                    "logging.structured.ecs.service.name",
                                    "local",
                                    "logging.structured.json.customizer",
                                    ServiceName.JsonMember.class.getName())));
            getContext().putObject(Environment.class.getName(), environment);
        }
        super.start();
    }
}

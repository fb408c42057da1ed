package dev.allocator.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The projector on its own: reads allocator.events and maintains the PostgreSQL read models. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProjectorApplication {
    public static void main(String[] args) {
        SpringApplication.run(ProjectorApplication.class, args);
    }
}

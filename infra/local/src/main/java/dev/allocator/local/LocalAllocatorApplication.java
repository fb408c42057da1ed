package dev.allocator.local;

import dev.allocator.command.CommandServiceConfiguration;
import dev.allocator.projector.ProjectorApplication;
import dev.allocator.query.QueryServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * Every service in one Spring context, as local mode runs them: the command side's library
 * configuration, and the projector's and query side's components without their standalone
 * application classes. The indexer client is infra/indexer-client's one auto-configured instance,
 * caching the supported chains of the command side's signing address.
 */
@SpringBootApplication
@Import(CommandServiceConfiguration.class)
@ComponentScan(
        basePackages = {"dev.allocator.projector", "dev.allocator.query"},
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.ASSIGNABLE_TYPE,
                        classes = {ProjectorApplication.class, QueryServiceApplication.class}))
@ConfigurationPropertiesScan({"dev.allocator.projector", "dev.allocator.query"})
class LocalAllocatorApplication {}

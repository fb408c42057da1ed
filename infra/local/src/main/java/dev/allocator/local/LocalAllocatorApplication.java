package dev.allocator.local;

import dev.allocator.command.config.CommandServiceConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Every service in one Spring context, as local mode runs them. */
@SpringBootApplication
@Import(CommandServiceConfiguration.class)
class LocalAllocatorApplication {}

package dev.allocator.query;

import dev.allocator.projector.testing.EmbeddedBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a query service under test at its embedded database and event topic. */
final class ReadSideProperties {
    private ReadSideProperties() {}

    static void register(DynamicPropertyRegistry registry, String databaseUrl, String topic) {
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", EmbeddedBroker::bootstrapServers);
        registry.add("allocator.consistency.topic", () -> topic);
        registry.add("allocator.consistency.dead-letter-topic", () -> topic + ".dlt");
    }
}

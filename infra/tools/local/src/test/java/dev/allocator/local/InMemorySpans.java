package dev.allocator.local;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives every service of a local stack started by a test, while {@link #collect} is on, a span
 * processor that exports each finished span at once into one shared in-memory exporter, beside
 * whatever the service exports itself. Registered through {@code META-INF/spring.factories} of the
 * test class path, so the services start from their production configuration unchanged.
 */
public final class InMemorySpans implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
    static volatile boolean collect;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (collect) {
            context.getBeanFactory()
                    .registerSingleton("inMemorySpans", (SpanProcessor) SimpleSpanProcessor.create(EXPORTER));
        }
    }
}

package dev.allocator.local;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Which service a log line comes from, for {@code %service} in {@code logback.xml} and {@code
 * service.name} in the JSON lines ({@link JsonMember}). The three
 * services share one logging system, so the name travels with the threads: each service starts
 * on a thread that holds its name, and every thread it creates (web server, Kafka clients,
 * schedulers) inherits it. Threads of the runner itself (broker, database, stand-in, gateway) say
 * {@code local}.
 */
public final class ServiceName extends ClassicConverter {
    private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

    /** Runs {@code start} as {@code service}: threads it creates carry the name on. */
    static <T> T runAs(String service, java.util.function.Supplier<T> start) {
        String previous = CURRENT.get();
        CURRENT.set(service);
        try {
            return start.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    @Override
    public String convert(ILoggingEvent event) {
        return current();
    }

    static String current() {
        String service = CURRENT.get();
        return service == null ? "local" : service;
    }

    /**
     * Puts the line's service in ECS's {@code service.name}, which would otherwise hold the one
     * name the shared logging system was configured with.
     */
    public static final class JsonMember implements StructuredLoggingJsonMembersCustomizer<ILoggingEvent> {
        @Override
        public void customize(JsonWriter.Members<ILoggingEvent> members) {
            members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, name -> current())
                    .whenHasPath("service.name"));
        }
    }
}

package dev.allocator.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Trace context across Kafka records, for the clients the services drive themselves (the command
 * gateway's producer, the reply router, the sponsor processor, the projector): none of them goes
 * through a Spring Kafka template or listener, so none gets Spring's instrumentation. One place, so
 * that the four agree on the headers (W3C {@code traceparent}, as the propagator writes it).
 */
public final class KafkaTracing {
    /** No spans, no headers: for tests and for a service run without a tracer. */
    public static final KafkaTracing NOOP = new KafkaTracing(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public KafkaTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A producer span, child of the current span (the HTTP request), for sending one record. */
    public Span producer(String topic) {
        Span.Builder builder = tracer.spanBuilder();
        Span current = tracer.currentSpan();
        if (current != null) {
            builder.setParent(current.context());
        }
        return builder.name("send " + topic)
                .kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .start();
    }

    /**
     * A consumer span whose parent is the context in the record's headers; a new trace when they
     * carry none.
     */
    public Span consumer(String name, String topic, Headers headers) {
        return consumerBuilder(name, topic, headers).start();
    }

    /** Like {@link #consumer}, not started, for a span whose start time is known only later. */
    public Span.Builder consumerBuilder(String name, String topic, Headers headers) {
        return propagator
                .extract(headers, KafkaTracing::header)
                .name(name)
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic);
    }

    /** Writes the span's context into the headers, replacing any trace context already there. */
    public void inject(TraceContext context, Headers headers) {
        propagator.inject(context, headers, (carrier, key, value) -> {
            carrier.remove(key);
            carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Makes the span current on this thread, and so puts its trace id in the MDC, until closed. */
    public Tracer.SpanInScope scope(Span span) {
        return tracer.withSpan(span);
    }

    private static String header(Headers headers, String key) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

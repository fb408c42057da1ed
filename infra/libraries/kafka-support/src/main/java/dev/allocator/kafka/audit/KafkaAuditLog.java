package dev.allocator.kafka.audit;

import dev.allocator.model.audit.AuditCodec;
import dev.allocator.model.audit.AuditRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditLog} on {@code allocator.audit}: its own idempotent producer with {@code acks=all}
 * (no transactions: a record describes what was answered, it is not part of a decision), keyed by
 * actor id so one actor's records keep their order.
 *
 * <p>The caller only enqueues: {@link KafkaProducer#send} can block for metadata (up to {@code
 * max.block.ms}) when a broker is away, so one background thread hands records to the producer.
 * A full queue drops the record. Every record ends as {@code
 * allocator_audit_records_total{outcome="sent"}} or {@code {outcome="failed"}}; the first failure
 * after a success is logged at ERROR, the rest stay quiet until sends succeed again (one line per
 * outage, not one per request).
 */
public final class KafkaAuditLog implements AuditLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaAuditLog.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AuditCodec codec = new AuditCodec();
    private final ThreadPoolExecutor sender;
    private final Counter sent;
    private final Counter failed;
    private final AtomicBoolean failing = new AtomicBoolean();

    public KafkaAuditLog(AuditProperties properties, MeterRegistry registry) {
        this(new KafkaProducer<>(producerConfig(properties)), properties, registry);
    }

    KafkaAuditLog(Producer<String, byte[]> producer, AuditProperties properties, MeterRegistry registry) {
        this.producer = producer;
        this.topic = properties.topic();
        this.sender = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(properties.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "audit-log");
                    thread.setDaemon(true);
                    return thread;
                });
        this.sent = counter(registry, "sent");
        this.failed = counter(registry, "failed");
    }

    static Map<String, Object> producerConfig(AuditProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-log");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int timeout =
                (int) Math.min(Integer.MAX_VALUE, properties.deliveryTimeout().toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(30_000, timeout - 5)));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeout);
        return config;
    }

    @Override
    public void record(AuditRecord record) {
        try {
            sender.execute(() -> send(record));
        } catch (RejectedExecutionException e) {
            failed(record, new IllegalStateException("audit queue full or closed", e));
        } catch (RuntimeException e) {
            failed(record, e);
        }
    }

    private void send(AuditRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, record.actor().id(), codec.encode(record)), (metadata, error) -> {
                if (error == null) {
                    sent.increment();
                    if (failing.compareAndSet(true, false)) {
                        log.info("Audit records reach {} again", topic);
                    }
                } else {
                    failed(record, error);
                }
            });
        } catch (RuntimeException e) {
            failed(record, e);
        }
    }

    private void failed(AuditRecord record, Throwable error) {
        failed.increment();
        if (failing.compareAndSet(false, true)) {
            log.atError()
                    .addKeyValue("auditId", record.id())
                    .addKeyValue("action", record.action())
                    .log(
                            "Audit record {} ({}) not written to {}: {}. Further failures are only counted"
                                    + " (allocator_audit_records_total, outcome failed) until a record is written"
                                    + " again",
                            record.id(),
                            record.action(),
                            topic,
                            error.toString());
        }
    }

    /** Sends what is queued (for up to the given time), then closes the producer. */
    public void close(Duration timeout) {
        sender.shutdown();
        try {
            sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("allocator.audit.records")
                .description("Audit records by outcome: sent (acknowledged by the brokers) or failed (not written)")
                .tag("outcome", outcome)
                .register(registry);
    }
}

package dev.allocator.projector.testing;

import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.projector.Projector;
import dev.allocator.projector.ProjectorProperties;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.consumer.DeadLetters;
import dev.allocator.projector.consumer.GenerationProjector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builds a projector against the embedded broker and a test database, outside Spring. */
public final class ProjectorHarness {
    private ProjectorHarness() {}

    public static Projector projector(
            DataSource dataSource,
            String topic,
            MeterRegistry registry,
            int maxPollRecords,
            Duration backoff,
            CommitHook hook) {
        return projector(dataSource, topic, registry, maxPollRecords, backoff, hook, null);
    }

    /** A projector that also keeps the audit log of {@code auditTopic}. */
    public static Projector projector(
            DataSource dataSource,
            String topic,
            MeterRegistry registry,
            int maxPollRecords,
            Duration backoff,
            CommitHook hook,
            String auditTopic) {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new Projector(
                dataSource,
                () -> {
                    Map<String, Object> config = new HashMap<>(consumer);
                    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-projector-" + UUID.randomUUID());
                    return new KafkaConsumer<>(config);
                },
                new DeadLetters(new KafkaProducer<>(producer), topic + ".dlt"),
                new MessageCodec(),
                registry,
                properties(topic, maxPollRecords, backoff, 3),
                hook,
                KafkaTracing.NOOP,
                auditTopic);
    }

    /** Settings for a test projector: short polls, the given back-off capped at four times it. */
    public static ProjectorProperties properties(
            String topic, int maxPollRecords, Duration backoff, int dataFaultMaxAttempts) {
        return new ProjectorProperties(
                true,
                topic,
                topic + ".dlt",
                Duration.ofMillis(50),
                maxPollRecords,
                backoff,
                backoff.multipliedBy(4),
                dataFaultMaxAttempts,
                Duration.ofSeconds(2),
                Duration.ofMinutes(1));
    }

    public static Projector projector(DataSource dataSource, String topic) {
        return projector(dataSource, topic, new SimpleMeterRegistry(), 500, Duration.ofMillis(50), CommitHook.NONE);
    }

    /** Waits until the projector has reached the topic's current end offsets. */
    public static void awaitCaughtUp(GenerationProjector projector, EventLog log, Duration timeout) {
        Map<Integer, Long> targets = log.endOffsets();
        Instant deadline = Instant.now().plus(timeout);
        while (!projector.reached(targets)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("projector at " + projector.positions() + " did not reach " + targets);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

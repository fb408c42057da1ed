package dev.allocator.projector;

import dev.allocator.kafka.KafkaTracing;
import dev.allocator.kafka.audit.AuditProperties;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.projector.consumer.CommitHook;
import dev.allocator.projector.consumer.DeadLetters;
import dev.allocator.projector.deadletter.DeadLetterController;
import dev.allocator.projector.deadletter.DeadLetterReplay;
import dev.allocator.projector.deadletter.DeadLetterTopic;
import dev.allocator.projector.health.ProjectorHealthIndicator;
import dev.allocator.projector.rebuild.ReadModelRebuild;
import dev.allocator.projector.rebuild.RebuildController;
import dev.allocator.security.OperatorAudit;
import dev.allocator.security.otp.SecondFactor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the projector from Boot's DataSource and Kafka settings plus {@link ProjectorProperties}. */
@Configuration(proxyBeanMethods = false)
class ProjectorConfiguration {

    @Bean
    MessageCodec projectorMessageCodec() {
        return new MessageCodec();
    }

    @Bean(destroyMethod = "close")
    DeadLetters deadLetters(KafkaProperties kafka, ProjectorProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "projector-dlt");
        return new DeadLetters(new KafkaProducer<>(config), properties.deadLetterTopic());
    }

    @Bean
    Projector projector(
            DataSource dataSource,
            KafkaProperties kafka,
            ProjectorProperties properties,
            DeadLetters deadLetters,
            MessageCodec projectorMessageCodec,
            MeterRegistry registry,
            ObjectProvider<CommitHook> hook,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            AuditProperties audit) {
        return new Projector(
                dataSource,
                consumers(kafka, properties),
                deadLetters,
                projectorMessageCodec,
                registry,
                properties,
                hook.getIfAvailable(() -> CommitHook.NONE),
                // Each projected event's span continues the trace of the decision that wrote it.
                new KafkaTracing(
                        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP)),
                // allocator.audit.topic: the same setting the writers of the audit log use.
                audit.topic());
    }

    @Bean
    SmartLifecycle projectorLifecycle(Projector projector, ProjectorProperties properties) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (properties.enabled()) {
                    projector.start();
                }
                running = true;
            }

            @Override
            public void stop() {
                projector.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    /** The {@code projector} component of /actuator/health. */
    @Bean
    ProjectorHealthIndicator projectorHealthIndicator(Projector projector, ProjectorProperties properties) {
        return new ProjectorHealthIndicator(projector, properties);
    }

    @Bean
    ReadModelRebuild readModelRebuild(Projector projector, ProjectorProperties properties) {
        return new ReadModelRebuild(projector, properties.rebuildCatchUpTimeout(), Clock.systemUTC());
    }

    @Bean
    RebuildController rebuildController(ReadModelRebuild rebuild, SecondFactor secondFactor, OperatorAudit audit) {
        return new RebuildController(rebuild, secondFactor, audit);
    }

    /** GET /admin/dead-letters and their replay, over the projector's own dead-letter topic. */
    @Bean
    DeadLetterReplay deadLetterReplay(Projector projector, MessageCodec projectorMessageCodec) {
        ProjectorProperties properties = projector.properties();
        return new DeadLetterReplay(
                projector.dataSource(),
                projector.control(),
                new DeadLetterTopic(projector.consumers(), properties.deadLetterTopic()),
                projectorMessageCodec,
                properties.topic(),
                Clock.systemUTC());
    }

    @Bean
    DeadLetterController deadLetterController(
            DeadLetterReplay deadLetterReplay, SecondFactor secondFactor, OperatorAudit audit) {
        return new DeadLetterController(deadLetterReplay, secondFactor, audit);
    }

    /** Consumers that read committed events only, with no group: positions live in PostgreSQL. */
    static Supplier<Consumer<byte[], byte[]>> consumers(KafkaProperties kafka, ProjectorProperties properties) {
        Map<String, Object> base = new HashMap<>(kafka.buildConsumerProperties());
        base.remove(ConsumerConfig.GROUP_ID_CONFIG);
        base.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        base.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        base.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        base.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        base.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        base.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        return () -> {
            Map<String, Object> config = new HashMap<>(base);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "projector-" + UUID.randomUUID());
            return new KafkaConsumer<>(config);
        };
    }
}

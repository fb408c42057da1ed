package dev.allocator.query.consistency;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConsistencyConfiguration {

    /**
     * A consumer used only for end offsets: no group, no subscription, no records. It reads the
     * high watermark (read_uncommitted), not the last stable offset; {@link ReadBarrier} says why.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    ReadBarrier readBarrier(
            DataSource dataSource, KafkaProperties kafka, ConsistencyProperties properties, MeterRegistry registry) {
        return new ReadBarrier(dataSource, endOffsetConsumers(kafka, "query-barrier-"), properties, registry);
    }

    /** The {@code readModel} component of /actuator/health: DOWN while the projector lags too long. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    ReadModelHealthIndicator readModelHealthIndicator(
            DataSource dataSource, KafkaProperties kafka, ConsistencyProperties properties, MeterRegistry registry) {
        return new ReadModelHealthIndicator(
                dataSource, endOffsetConsumers(kafka, "query-lag-"), properties, registry, Clock.systemUTC());
    }

    private static Supplier<Consumer<byte[], byte[]>> endOffsetConsumers(KafkaProperties kafka, String clientId) {
        Map<String, Object> base = new HashMap<>(kafka.buildConsumerProperties());
        base.remove(ConsumerConfig.GROUP_ID_CONFIG);
        base.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        base.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        base.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        base.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        base.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return () -> {
            Map<String, Object> config = new HashMap<>(base);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + UUID.randomUUID());
            return new KafkaConsumer<>(config);
        };
    }
}

package dev.allocator.command.it;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft broker for the whole test JVM, started on first use and destroyed when
 * the JVM's test run ends. Transactions need their state log at replication factor one here.
 */
public final class KafkaBroker implements BeforeAllCallback {
    private static final Object LOCK = new Object();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KafkaBroker.class, key -> new Running(), Running.class);
    }

    /** The bootstrap servers of the running broker; call from a test class using this extension. */
    public static String bootstrapServers() {
        synchronized (LOCK) {
            if (Running.instance == null) {
                throw new IllegalStateException("annotate the test with @ExtendWith(KafkaBroker.class)");
            }
            return Running.instance.broker.getBrokersAsString();
        }
    }

    static final class Running implements AutoCloseable {
        static Running instance;
        final EmbeddedKafkaKraftBroker broker;

        Running() {
            broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            synchronized (LOCK) {
                instance = this;
            }
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                instance = null;
            }
            broker.destroy();
        }
    }
}

package dev.allocator.projector.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process Kafka broker (KRaft) per test JVM, started on first use and destroyed when the
 * JVM exits. Tests create their own topics so that offset 0 is theirs alone.
 */
public final class EmbeddedBroker {
    public static final int PARTITIONS = 3;
    private static EmbeddedKafkaKraftBroker broker;

    private EmbeddedBroker() {}

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
            started.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "auto.create.topics.enable", "false",
                    "group.initial.rebalance.delay.ms", "0"));
            started.afterPropertiesSet();
            broker = started;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
        }
        return broker.getBrokersAsString();
    }

    /** Creates topics with {@link #PARTITIONS} partitions each and waits until they exist. */
    public static void createTopics(String... names) {
        bootstrapServers();
        broker.doWithAdmin(admin -> {
            try {
                admin.createTopics(List.of(names).stream()
                                .map(name -> new NewTopic(name, PARTITIONS, (short) 1))
                                .toList())
                        .all()
                        .get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

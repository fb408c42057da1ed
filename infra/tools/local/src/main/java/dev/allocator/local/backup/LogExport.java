package dev.allocator.local.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Writes a backup of topics from a running broker: each partition from its beginning to the end
 * offset captured when the backup starts, read committed (the processor writes transactionally, so
 * an aborted decision is never in a backup). The file appears only when complete: it is written
 * beside the target and moved into place.
 */
final class LogExport {
    /** How long a partition may give nothing while short of its end offset. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Clock clock;

    LogExport(String bootstrapServers, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
    }

    /**
     * @param required topics that must exist
     * @param optional topics backed up when they exist
     */
    Manifest write(Path target, List<String> required, List<String> optional, String source, String allocatorAddress)
            throws IOException {
        String createdAt = clock.instant().toString();
        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(adminProps);
                KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> topics = new ArrayList<>();
            for (String topic : required) {
                if (!existing.contains(topic)) {
                    throw new BackupException("topic " + topic + " does not exist on " + bootstrapServers
                            + ": nothing to back up (is this the allocator's broker?)");
                }
                topics.add(topic);
            }
            optional.stream().filter(existing::contains).forEach(topics::add);
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<String, Map<String, String>> configs = topicConfigs(admin, topics);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                descriptions
                        .get(topic)
                        .partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            // Captured once, before reading anything: the backup is the log as of this moment.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);

            try (ArchiveWriter archive = new ArchiveWriter(target)) {
                for (String topic : topics) {
                    int count = descriptions.get(topic).partitions().size();
                    for (int p = 0; p < count; p++) {
                        TopicPartition partition = new TopicPartition(topic, p);
                        copy(
                                consumer,
                                partition,
                                ends.get(partition),
                                archive.partition(topic, p, ends.get(partition)));
                    }
                    archive.topic(topic, configs.get(topic));
                }
                return archive.commit(createdAt, source, allocatorAddress);
            }
        } catch (ExecutionException e) {
            throw new BackupException(
                    "cannot read from " + bootstrapServers + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted", e);
        }
    }

    private static void copy(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition,
            long end,
            ArchiveWriter.PartitionFile file)
            throws IOException {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long progressAt = System.nanoTime();
        // Transaction markers take offsets too, so the position, not the count, says when it is done.
        while (consumer.position(partition) < end) {
            long before = consumer.position(partition);
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < end) {
                    file.write(new BackupFormat.Line(
                            record.offset(),
                            record.timestamp(),
                            record.key(),
                            record.value(),
                            BackupFormat.Line.headers(record.headers())));
                }
            }
            if (consumer.position(partition) > before) {
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALL.toNanos()) {
                throw new BackupException(partition + " stopped at offset " + before + " short of its end " + end
                        + " for " + STALL.toSeconds() + " s");
            }
        }
        file.close();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The settings made on each topic itself, not inherited from the broker. */
    private static Map<String, Map<String, String>> topicConfigs(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<ConfigResource, Config> described =
                admin.describeConfigs(resources).all().get();
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        described.forEach((resource, config) -> {
            Map<String, String> set = new TreeMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
                    set.put(entry.name(), entry.value());
                }
            }
            result.put(resource.name(), set);
        });
        return result;
    }
}

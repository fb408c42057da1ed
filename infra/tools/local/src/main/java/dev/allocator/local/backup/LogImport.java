package dev.allocator.local.backup;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads a verified backup into a broker: creates its topics with their partition counts and
 * settings, writes every partition's records in order with their keys, timestamps and headers
 * (one transactional producer, committed every few thousand records), then writes the sponsor
 * processor's store, folded from the events, to the store's changelog topic, which Kafka Streams
 * restores a task's store from when it has no local copy. Offsets are new: a transaction's commit
 * marker takes an offset, so they differ from the original's.
 */
final class LogImport {
    /** The processor's store, as named in ProcessorTopology. */
    static final String STORE = "sponsor-state";

    private static final int RECORDS_PER_TRANSACTION = 5000;

    private final String bootstrapServers;
    private final String eventsTopic;
    private final String commandsTopic;
    private final String applicationId;
    private final short replicationFactor;
    private final PrintWriter out;

    LogImport(
            String bootstrapServers,
            String eventsTopic,
            String commandsTopic,
            String applicationId,
            short replicationFactor,
            PrintWriter out) {
        this.bootstrapServers = bootstrapServers;
        this.eventsTopic = eventsTopic;
        this.commandsTopic = commandsTopic;
        this.applicationId = applicationId;
        this.replicationFactor = replicationFactor;
        this.out = out;
    }

    static String changelog(String applicationId) {
        return applicationId + "-" + STORE + "-changelog";
    }

    /**
     * @param replaceExisting delete the backup's topics and the store's changelog first, instead
     *     of refusing a broker where they hold records
     */
    void restore(BackupArchive archive, boolean replaceExisting) {
        Manifest manifest = archive.manifest();
        Manifest.Topic events = manifest.topic(eventsTopic);
        if (events == null) {
            throw new BackupException("the backup holds no " + eventsTopic + " topic; its topics are "
                    + manifest.topics().stream().map(Manifest.Topic::name).toList());
        }
        // Folded first: an event the fold cannot take stops the restore before anything is written.
        Map<Integer, SortedMap<String, String>> stores = new LinkedHashMap<>();
        for (Manifest.Partition partition : events.files()) {
            stores.put(partition.partition(), StoreRebuild.fold(archive, partition));
        }
        String changelog = changelog(applicationId);
        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(adminProps)) {
            List<String> targets = new ArrayList<>();
            manifest.topics().forEach(t -> targets.add(t.name()));
            targets.add(changelog);
            Set<String> existing = admin.listTopics().names().get();
            Map<String, Long> held =
                    recordsIn(admin, targets.stream().filter(existing::contains).toList());
            if (!held.isEmpty()) {
                if (!replaceExisting) {
                    throw new BackupException("the target is not empty: " + describe(held)
                            + ". Restore into an empty cluster or data directory, or pass --replace-existing"
                            + " to delete these topics first (with every service stopped).");
                }
                admin.deleteTopics(held.keySet()).all().get();
                awaitGone(admin, held.keySet());
                out.println("Deleted " + String.join(", ", held.keySet()));
                existing = admin.listTopics().names().get();
            }
            if (existing.contains(commandsTopic)) {
                int commands = admin.describeTopics(List.of(commandsTopic))
                        .allTopicNames()
                        .get()
                        .get(commandsTopic)
                        .partitions()
                        .size();
                if (commands != events.partitions()) {
                    throw new BackupException(commandsTopic + " has " + commands + " partitions and the backup's "
                            + eventsTopic + " " + events.partitions()
                            + "; the processor decides a sponsor in the partition of its events, so they must match"
                            + " (allocator.messaging.partitions)");
                }
            }
            List<NewTopic> create = new ArrayList<>();
            for (Manifest.Topic topic : manifest.topics()) {
                if (existing.contains(topic.name())) {
                    requirePartitions(admin, topic.name(), topic.partitions());
                } else {
                    create.add(
                            new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.configs()));
                }
            }
            if (existing.contains(changelog)) {
                requirePartitions(admin, changelog, events.partitions());
            } else {
                create.add(new NewTopic(changelog, events.partitions(), replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get();
            }
        } catch (ExecutionException e) {
            throw new BackupException(
                    "cannot prepare the topics on " + bootstrapServers + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted", e);
        }

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.initTransactions();
            Batch batch = new Batch(producer);
            for (Manifest.Topic topic : manifest.topics()) {
                for (Manifest.Partition partition : topic.files()) {
                    archive.forEachRecord(
                            partition,
                            line -> batch.send(new ProducerRecord<>(
                                    topic.name(),
                                    partition.partition(),
                                    line.timestamp(),
                                    line.key(),
                                    line.value(),
                                    line.headers())));
                }
                out.println("Restored " + topic.name() + ": "
                        + topic.files().stream()
                                .mapToLong(Manifest.Partition::records)
                                .sum() + " records in "
                        + topic.partitions() + " partitions");
            }
            long entries = 0;
            for (Map.Entry<Integer, SortedMap<String, String>> store : stores.entrySet()) {
                for (Map.Entry<String, String> entry : store.getValue().entrySet()) {
                    batch.send(new ProducerRecord<>(
                            changelog,
                            store.getKey(),
                            entry.getKey().getBytes(StandardCharsets.UTF_8),
                            entry.getValue().getBytes(StandardCharsets.UTF_8)));
                    entries++;
                }
            }
            batch.commit();
            out.println(
                    "Rebuilt the sponsor processor's state from the events: " + entries + " entries in " + changelog);
            out.flush();
        }
    }

    /** Sends and commits every {@value #RECORDS_PER_TRANSACTION} records. */
    private static final class Batch {
        private final KafkaProducer<byte[], byte[]> producer;
        private int open;

        Batch(KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        void send(ProducerRecord<byte[], byte[]> record) {
            if (open == 0) {
                producer.beginTransaction();
            }
            producer.send(record);
            if (++open == RECORDS_PER_TRANSACTION) {
                commit();
            }
        }

        void commit() {
            if (open > 0) {
                producer.commitTransaction();
                open = 0;
            }
        }
    }

    private void requirePartitions(Admin admin, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        TopicDescription description =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (description.partitions().size() != partitions) {
            throw new BackupException(
                    topic + " exists with " + description.partitions().size() + " partitions; the backup needs "
                            + partitions + ". Delete it or restore elsewhere.");
        }
    }

    /** The topics among {@code topics} that hold records, and how many offsets each spans. */
    private Map<String, Long> recordsIn(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException {
        Map<String, Long> held = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return held;
        }
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get();
        List<TopicPartition> partitions = new ArrayList<>();
        described.forEach((name, d) ->
                d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, Long> spans = new HashMap<>();
            for (TopicPartition partition : partitions) {
                spans.merge(partition.topic(), end.get(partition) - begin.get(partition), Long::sum);
            }
            for (String topic : topics) {
                if (spans.getOrDefault(topic, 0L) > 0) {
                    held.put(topic, spans.get(topic));
                }
            }
        }
        return held;
    }

    private static String describe(Map<String, Long> held) {
        List<String> parts = new ArrayList<>();
        held.forEach((topic, count) -> parts.add(topic + " holds " + count + " offsets"));
        return String.join(", ", parts);
    }

    private static void awaitGone(Admin admin, Set<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> names = admin.listTopics().names().get();
            if (topics.stream().noneMatch(names::contains)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new BackupException("the broker did not delete " + topics + " within 60 s");
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "allocator-restore-" + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

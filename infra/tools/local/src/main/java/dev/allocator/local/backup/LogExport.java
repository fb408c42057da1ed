package dev.allocator.local.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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

            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
            try {
                List<Manifest.Topic> written = new ArrayList<>();
                Map<String, String> sums = new LinkedHashMap<>();
                Manifest manifest;
                try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
                    for (String topic : topics) {
                        List<Manifest.Partition> files = new ArrayList<>();
                        int count = descriptions.get(topic).partitions().size();
                        for (int p = 0; p < count; p++) {
                            TopicPartition partition = new TopicPartition(topic, p);
                            Manifest.Partition file = writePartition(zip, consumer, partition, ends.get(partition));
                            files.add(file);
                            sums.put(file.file(), file.sha256());
                        }
                        written.add(new Manifest.Topic(topic, count, configs.get(topic), files));
                    }
                    manifest = new Manifest(
                            BackupFormat.FORMAT,
                            BackupFormat.VERSION,
                            createdAt,
                            source,
                            allocatorAddress,
                            "read_committed",
                            written);
                    byte[] manifestBytes =
                            BackupFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
                    zip.putNextEntry(new ZipEntry(BackupFormat.MANIFEST));
                    zip.write(manifestBytes);
                    zip.closeEntry();
                    Map<String, String> all = new LinkedHashMap<>();
                    all.put(BackupFormat.MANIFEST, BackupFormat.hex(sha256().digest(manifestBytes)));
                    all.putAll(sums);
                    StringBuilder lines = new StringBuilder();
                    all.forEach((name, sum) ->
                            lines.append(sum).append("  ").append(name).append('\n'));
                    zip.putNextEntry(new ZipEntry(BackupFormat.CHECKSUMS));
                    zip.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                // On disk before the move makes it the backup.
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return manifest;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (ExecutionException e) {
            throw new BackupException(
                    "cannot read from " + bootstrapServers + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted", e);
        }
    }

    private Manifest.Partition writePartition(
            ZipOutputStream zip, KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long end)
            throws IOException {
        String name = BackupFormat.partitionFile(partition.topic(), partition.partition());
        zip.putNextEntry(new ZipEntry(name));
        MessageDigest digest = sha256();
        long records = 0;
        Long first = null;
        Long last = null;
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long progressAt = System.nanoTime();
        // Transaction markers take offsets too, so the position, not the count, says when it is done.
        while (consumer.position(partition) < end) {
            long before = consumer.position(partition);
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() >= end) {
                    continue;
                }
                byte[] line = (new BackupFormat.Line(
                                                record.offset(),
                                                record.timestamp(),
                                                record.key(),
                                                record.value(),
                                                BackupFormat.Line.headers(record.headers()))
                                        .encode()
                                + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                zip.write(line);
                digest.update(line);
                records++;
                first = first == null ? record.offset() : first;
                last = record.offset();
            }
            if (consumer.position(partition) > before) {
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALL.toNanos()) {
                throw new BackupException(partition + " stopped at offset " + before + " short of its end " + end
                        + " for " + STALL.toSeconds() + " s");
            }
        }
        zip.closeEntry();
        return new Manifest.Partition(
                partition.partition(), name, records, first, last, end, BackupFormat.hex(digest.digest()));
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

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

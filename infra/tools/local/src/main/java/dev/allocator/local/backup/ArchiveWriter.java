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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup file in {@link BackupFormat}: partition files one after the other, then the
 * manifest and {@code SHA256SUMS}. Everything goes to a temporary file beside the target, which
 * {@link #commit} forces to disk and renames into place; a writer closed without a commit leaves
 * no file behind and the previous backup untouched.
 */
final class ArchiveWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final ZipOutputStream zip;
    private final Map<String, String> sums = new LinkedHashMap<>();
    private final List<Manifest.Partition> partitions = new ArrayList<>();
    private final List<Manifest.Topic> topics = new ArrayList<>();
    private boolean committed;

    ArchiveWriter(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path directory = this.target.getParent();
        Files.createDirectories(directory);
        this.temp = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
        this.zip = new ZipOutputStream(Files.newOutputStream(temp));
    }

    /** A partition's file; write its records in log order, then {@link PartitionFile#close}. */
    PartitionFile partition(String topic, int partition, long endOffset) throws IOException {
        String name = BackupFormat.partitionFile(topic, partition);
        zip.putNextEntry(new ZipEntry(name));
        return new PartitionFile(name, partition, endOffset);
    }

    /** Ends a topic whose partitions were all written, in order, since the last one. */
    void topic(String name, Map<String, String> configs) {
        topics.add(new Manifest.Topic(name, partitions.size(), configs, List.copyOf(partitions)));
        partitions.clear();
    }

    /** Writes the manifest and checksums and moves the file into place. */
    Manifest commit(String createdAt, String source, String allocatorAddress) throws IOException {
        Manifest manifest = new Manifest(
                BackupFormat.FORMAT,
                BackupFormat.VERSION,
                createdAt,
                source,
                allocatorAddress,
                "read_committed",
                List.copyOf(topics));
        byte[] manifestBytes =
                BackupFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        zip.putNextEntry(new ZipEntry(BackupFormat.MANIFEST));
        zip.write(manifestBytes);
        zip.closeEntry();
        Map<String, String> all = new LinkedHashMap<>();
        all.put(BackupFormat.MANIFEST, BackupFormat.hex(sha256().digest(manifestBytes)));
        all.putAll(sums);
        StringBuilder lines = new StringBuilder();
        all.forEach((name, sum) -> lines.append(sum).append("  ").append(name).append('\n'));
        zip.putNextEntry(new ZipEntry(BackupFormat.CHECKSUMS));
        zip.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.close();
        // On disk before the rename makes it the backup.
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        return manifest;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                zip.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One partition's file being written; counts and digests what it writes. */
    final class PartitionFile {
        private final String name;
        private final int partition;
        private final long endOffset;
        private final MessageDigest digest = sha256();
        private long records;
        private Long first;
        private Long last;

        private PartitionFile(String name, int partition, long endOffset) {
            this.name = name;
            this.partition = partition;
            this.endOffset = endOffset;
        }

        void write(BackupFormat.Line line) throws IOException {
            byte[] bytes = (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
            zip.write(bytes);
            digest.update(bytes);
            records++;
            first = first == null ? line.offset() : first;
            last = line.offset();
        }

        void close() throws IOException {
            zip.closeEntry();
            String sum = BackupFormat.hex(digest.digest());
            sums.put(name, sum);
            partitions.add(new Manifest.Partition(partition, name, records, first, last, endOffset, sum));
        }
    }
}

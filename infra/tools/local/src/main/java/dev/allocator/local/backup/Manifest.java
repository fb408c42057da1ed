package dev.allocator.local.backup;

import java.util.List;
import java.util.Map;

/**
 * What a backup holds, as {@code manifest.json}.
 *
 * @param format always {@value BackupFormat#FORMAT}
 * @param formatVersion {@value BackupFormat#VERSION}; a restore refuses a version it does not know
 * @param createdAt when the backup started (ISO-8601)
 * @param source the broker's bootstrap servers, or the local data directory
 * @param allocatorAddress the allocator whose log this is, when known (null otherwise)
 * @param isolation how the log was read: {@code read_committed}, so no aborted record is in it
 * @param topics every topic in the backup, in the order they were read
 */
record Manifest(
        String format,
        int formatVersion,
        String createdAt,
        String source,
        String allocatorAddress,
        String isolation,
        List<Topic> topics) {

    /**
     * @param configs the topic's settings that were set on it (not the broker's defaults), so a
     *     restore creates it alike: {@code retention.ms=-1} for a log kept forever
     */
    record Topic(String name, int partitions, Map<String, String> configs, List<Partition> files) {}

    /**
     * @param endOffset the partition's end (last stable) offset when the backup started; the
     *     backup holds every committed record before it
     * @param firstOffset offset of the first record in the file, null when it holds none
     * @param lastOffset offset of the last record in the file, null when it holds none
     * @param sha256 of the file's bytes, lower-case hex
     */
    record Partition(
            int partition,
            String file,
            long records,
            Long firstOffset,
            Long lastOffset,
            long endOffset,
            String sha256) {}

    Topic topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    long records() {
        return topics.stream()
                .flatMap(t -> t.files().stream())
                .mapToLong(Partition::records)
                .sum();
    }
}

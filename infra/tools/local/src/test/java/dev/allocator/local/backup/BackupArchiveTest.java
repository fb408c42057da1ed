package dev.allocator.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The backup file without a broker: what it records, and every way a damaged one is refused. */
class BackupArchiveTest {
    @TempDir
    Path dir;

    @Test
    void keepsKeysValuesAndHeadersAsTextOrBase64() {
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3};
        BackupFormat.Line line = new BackupFormat.Line(
                41,
                1_700_000_000_123L,
                "0xabc".getBytes(StandardCharsets.UTF_8),
                binary,
                List.of(
                        new RecordHeader("traceparent", "00-aa".getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader("empty", null)));
        String text = line.encode();
        assertThat(text).contains("\"key\":\"0xabc\"", "\"valueBase64\":\"/wDD\"", "\"value\":\"00-aa\"");

        BackupFormat.Line read = BackupFormat.Line.decode(text);
        assertThat(read.offset()).isEqualTo(41);
        assertThat(read.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(read.key()).isEqualTo("0xabc".getBytes(StandardCharsets.UTF_8));
        assertThat(read.value()).isEqualTo(binary);
        assertThat(read.headers()).extracting(Header::key).containsExactly("traceparent", "empty");
        assertThat(read.headers().get(1).value()).isNull();
        assertThat(BackupFormat.Line.decode(new BackupFormat.Line(1, 2, null, null, List.of()).encode())
                        .value())
                .isNull();
    }

    @Test
    void recordsCountsOffsetsAndChecksumsAndReadsThemBack() throws IOException {
        Path file = write(dir.resolve("b.zip"));

        try (BackupArchive archive = BackupArchive.open(file)) {
            Manifest manifest = archive.manifest();
            assertThat(manifest.formatVersion()).isEqualTo(BackupFormat.VERSION);
            assertThat(manifest.allocatorAddress()).isEqualTo("0x00000000000000000000000000000000000000aa");
            Manifest.Topic events = manifest.topic("allocator.events");
            assertThat(events.partitions()).isEqualTo(2);
            assertThat(events.configs()).containsEntry("retention.ms", "-1");
            assertThat(events.files().get(0).records()).isEqualTo(3);
            assertThat(events.files().get(0).firstOffset()).isEqualTo(0);
            assertThat(events.files().get(0).lastOffset()).isEqualTo(4);
            assertThat(events.files().get(0).endOffset()).isEqualTo(6);
            assertThat(events.files().get(1).records()).isZero();
            assertThat(events.files().get(1).firstOffset()).isNull();
            assertThat(manifest.records()).isEqualTo(4);
            List<String> values = new ArrayList<>();
            archive.forEachRecord(
                    events.files().get(0), line -> values.add(new String(line.value(), StandardCharsets.UTF_8)));
            assertThat(values).containsExactly("{\"n\":0}", "{\"n\":2}", "{\"n\":4}");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String sums =
                    new String(zip.getInputStream(zip.getEntry("SHA256SUMS")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sums.lines()).as("sha256sum format").hasSize(4).allMatch(l -> l.matches("[0-9a-f]{64}  \\S+"));
        }
    }

    @Test
    void refusesAFileWithOneByteChanged() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        byte[] bytes = Files.readAllBytes(file);
        // Inside the first entry's data: past its 30-byte header and name.
        int position = 30 + "topics/allocator.events/0.jsonl".length() + 10;
        bytes[position] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> BackupArchive.open(file))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("is corrupted: topics/allocator.events/0.jsonl")
                .hasMessageContaining("Nothing was restored");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> BackupArchive.open(file))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("is truncated or not a backup");
    }

    @Test
    void refusesAManifestThatDisagreesWithItsFiles() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        rewriteManifest(file, m -> m.replaceFirst("\"records\" : 3", "\"records\" : 2"));

        assertThatThrownBy(() -> BackupArchive.open(file)).hasMessageContaining("holds 3 records, the manifest says 2");
    }

    @Test
    void refusesAFormatVersionItDoesNotKnow() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        rewriteManifest(file, m -> m.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));

        assertThatThrownBy(() -> BackupArchive.open(file)).hasMessageContaining("has format version 2");
    }

    @Test
    void refusesAFileWhoseEntryIsMissing() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        rewrite(file, (name, bytes) -> name.endsWith("1.jsonl") ? null : bytes);

        assertThatThrownBy(() -> BackupArchive.open(file)).hasMessageContaining("topics/allocator.events/1.jsonl");
    }

    @Test
    void leavesNoFileAndThePreviousBackupWhenNotCommitted() throws IOException {
        Path target = write(dir.resolve("b.zip"));
        byte[] previous = Files.readAllBytes(target);
        try (ArchiveWriter writer = new ArchiveWriter(target)) {
            writer.partition("allocator.events", 0, 1).write(line(0));
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(previous);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void verifiesWithoutATarget() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new RestoreCommand());
        command.setOut(new PrintWriter(out));

        assertThat(command.execute("--from", file.toString(), "--verify-only")).isZero();
        assertThat(out.toString()).contains("verified: 4 records");
    }

    @Test
    void reportsUsageErrorsWithExitCodeTwo() throws IOException {
        Path file = write(dir.resolve("b.zip"));
        StringWriter err = new StringWriter();
        CommandLine restore = new CommandLine(new RestoreCommand());
        restore.setErr(new PrintWriter(err));

        assertThat(restore.execute("--from", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers HOST:PORT or --data-dir DIR");
        assertThat(new CommandLine(new RestoreCommand())
                        .setErr(new PrintWriter(new StringWriter()))
                        .execute("--from", file.toString(), "--bootstrap-servers", "x:1", "--data-dir", "d"))
                .isEqualTo(2);
        assertThat(new CommandLine(new BackupCommand())
                        .setErr(new PrintWriter(new StringWriter()))
                        .execute("--bootstrap-servers", "x:1"))
                .as("--to is required")
                .isEqualTo(2);
        StringWriter help = new StringWriter();
        assertThat(new CommandLine(new BackupCommand())
                        .setOut(new PrintWriter(help))
                        .execute("--help"))
                .isZero();
        assertThat(help.toString()).contains("--to=FILE", "--data-dir=DIR", "ALLOCATOR_BACKUP_BOOTSTRAP_SERVERS");
    }

    @Test
    void refusesAMissingFileClearly() {
        StringWriter err = new StringWriter();
        CommandLine restore = new CommandLine(new RestoreCommand());
        restore.setErr(new PrintWriter(err));

        assertThat(restore.execute("--from", dir.resolve("none.zip").toString(), "--verify-only"))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("Restore refused: no backup file at ");
    }

    /** Two topics: events with records at offsets 0, 2, 4 in partition 0 and none in 1; audit with one. */
    private static Path write(Path target) throws IOException {
        try (ArchiveWriter writer = new ArchiveWriter(target)) {
            ArchiveWriter.PartitionFile zero = writer.partition("allocator.events", 0, 6);
            for (int offset = 0; offset <= 4; offset += 2) {
                zero.write(line(offset));
            }
            zero.close();
            writer.partition("allocator.events", 1, 0).close();
            writer.topic("allocator.events", Map.of("retention.ms", "-1"));
            ArchiveWriter.PartitionFile audit = writer.partition("allocator.audit", 0, 1);
            audit.write(line(0));
            audit.close();
            writer.topic("allocator.audit", Map.of());
            writer.commit("2026-01-01T00:00:00Z", "test", "0x00000000000000000000000000000000000000aa");
        }
        return target;
    }

    private static BackupFormat.Line line(long offset) {
        return new BackupFormat.Line(
                offset,
                1_700_000_000_000L + offset,
                "0xsponsor".getBytes(StandardCharsets.UTF_8),
                ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8),
                List.of());
    }

    /** The manifest edited, with SHA256SUMS made to agree, as a careless hand edit would. */
    private static void rewriteManifest(Path file, UnaryOperator<String> edit) throws IOException {
        String[] manifest = new String[1];
        rewrite(file, (name, bytes) -> {
            if (name.equals(BackupFormat.MANIFEST)) {
                manifest[0] = edit.apply(new String(bytes, StandardCharsets.UTF_8));
                return manifest[0].getBytes(StandardCharsets.UTF_8);
            }
            if (name.equals(BackupFormat.CHECKSUMS)) {
                String sum =
                        BackupFormat.hex(ArchiveWriter.sha256().digest(manifest[0].getBytes(StandardCharsets.UTF_8)));
                return new String(bytes, StandardCharsets.UTF_8)
                        .replaceFirst("[0-9a-f]{64}  manifest.json", sum + "  manifest.json")
                        .getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        });
    }

    private interface EntryEdit {
        byte[] apply(String name, byte[] bytes);
    }

    private static void rewrite(Path file, EntryEdit edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                byte[] bytes = edit.apply(entry.getKey(), entry.getValue());
                if (bytes != null) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
    }
}

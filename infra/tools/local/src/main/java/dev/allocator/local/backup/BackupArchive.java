package dev.allocator.local.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A backup file opened for restore. {@link #open} checks all of it before anything is written:
 * the zip directory (a truncated file has none), the manifest's format, every entry's SHA-256
 * against {@code SHA256SUMS} and the manifest, and every partition file's record count; any
 * difference refuses the whole file.
 */
final class BackupArchive implements AutoCloseable {
    private final Path path;
    private final ZipFile zip;
    private final Manifest manifest;

    private BackupArchive(Path path, ZipFile zip, Manifest manifest) {
        this.path = path;
        this.zip = zip;
        this.manifest = manifest;
    }

    static BackupArchive open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new BackupException("no backup file at " + path);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (IOException e) {
            throw new BackupException(
                    path + " is truncated or not a backup: its zip directory cannot be read (" + e.getMessage() + ")");
        }
        try {
            BackupArchive archive = new BackupArchive(path, zip, readManifest(path, zip));
            archive.verify();
            return archive;
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    Manifest manifest() {
        return manifest;
    }

    /** Visits the partition's records in log order. */
    void forEachRecord(Manifest.Partition partition, Consumer<BackupFormat.Line> visitor) {
        try (BufferedReader reader = reader(partition.file())) {
            String line;
            while ((line = reader.readLine()) != null) {
                visitor.accept(BackupFormat.Line.decode(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Manifest readManifest(Path path, ZipFile zip) {
        ZipEntry entry = zip.getEntry(BackupFormat.MANIFEST);
        if (entry == null) {
            throw new BackupException(path + " is not a backup: it has no " + BackupFormat.MANIFEST);
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = BackupFormat.JSON.readValue(in.readAllBytes(), Manifest.class);
        } catch (IOException | RuntimeException e) {
            throw corrupted(path, BackupFormat.MANIFEST, e.getMessage());
        }
        if (!BackupFormat.FORMAT.equals(manifest.format())) {
            throw new BackupException(path + " is not a backup of this allocator (format " + manifest.format() + ")");
        }
        if (manifest.formatVersion() != BackupFormat.VERSION) {
            throw new BackupException(path + " has format version " + manifest.formatVersion() + "; this version reads "
                    + BackupFormat.VERSION + " only");
        }
        return manifest;
    }

    private void verify() {
        Map<String, String> listed = checksums();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(BackupFormat.MANIFEST, listed.get(BackupFormat.MANIFEST));
        for (Manifest.Topic topic : manifest.topics()) {
            if (topic.files().size() != topic.partitions()) {
                throw corrupted(
                        path,
                        BackupFormat.MANIFEST,
                        topic.name() + " lists " + topic.files().size() + " partition files for " + topic.partitions()
                                + " partitions");
            }
            for (Manifest.Partition partition : topic.files()) {
                if (!partition.sha256().equals(listed.get(partition.file()))) {
                    throw corrupted(path, partition.file(), "its checksum differs between manifest and SHA256SUMS");
                }
                expected.put(partition.file(), partition.sha256());
            }
        }
        if (!expected.keySet().equals(listed.keySet())) {
            throw corrupted(
                    path,
                    BackupFormat.CHECKSUMS,
                    "it lists " + listed.keySet() + ", the manifest " + expected.keySet());
        }
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            String actual = sha256(entry.getKey());
            if (!actual.equals(entry.getValue())) {
                throw corrupted(path, entry.getKey(), "SHA-256 is " + actual + ", expected " + entry.getValue());
            }
        }
        for (Manifest.Topic topic : manifest.topics()) {
            for (Manifest.Partition partition : topic.files()) {
                long[] lines = {0};
                try {
                    forEachRecord(partition, line -> lines[0]++);
                } catch (RuntimeException e) {
                    throw corrupted(path, partition.file(), "line " + (lines[0] + 1) + " is not a record");
                }
                if (lines[0] != partition.records()) {
                    throw corrupted(
                            path,
                            partition.file(),
                            "it holds " + lines[0] + " records, the manifest says " + partition.records());
                }
            }
        }
    }

    private Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        try (BufferedReader reader = reader(BackupFormat.CHECKSUMS)) {
            String line;
            while ((line = reader.readLine()) != null) {
                int split = line.indexOf("  ");
                if (split != 64) {
                    throw corrupted(path, BackupFormat.CHECKSUMS, "unreadable line '" + line + "'");
                }
                sums.put(line.substring(split + 2), line.substring(0, split));
            }
        } catch (IOException e) {
            throw corrupted(path, BackupFormat.CHECKSUMS, e.getMessage());
        }
        return sums;
    }

    private String sha256(String name) {
        MessageDigest digest = ArchiveWriter.sha256();
        try (InputStream in = stream(name)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            // The zip's own CRC or its compressed data broke: the same verdict.
            throw corrupted(path, name, e.getMessage());
        }
        return BackupFormat.hex(digest.digest());
    }

    private BufferedReader reader(String name) throws IOException {
        return new BufferedReader(new InputStreamReader(stream(name), StandardCharsets.UTF_8));
    }

    private InputStream stream(String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new BackupException(path + " is incomplete: " + name + " is missing");
        }
        return zip.getInputStream(entry);
    }

    private static BackupException corrupted(Path path, String entry, String why) {
        return new BackupException(path + " is corrupted: " + entry + ": " + why + ". Nothing was restored.");
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }
}

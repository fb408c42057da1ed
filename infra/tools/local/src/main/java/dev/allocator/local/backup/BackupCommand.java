package dev.allocator.local.backup;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator backup --to FILE}: the event log (every partition of {@code allocator.events},
 * and {@code allocator.audit} and {@code allocator.control} where they exist) into one verified
 * file, from a running broker or a stopped local stack's data directory.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up the event log (allocator.events, allocator.audit, allocator.control) into one file"
                    + " with a manifest and SHA-256 checksums.",
            "Reads each partition up to the end offsets seen at start, read committed. The file appears"
                    + " only when complete."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:backup written", "1:backup failed (nothing written)", "2:usage error"})
public final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FILE",
            description = "The backup file to write (replaced atomically if it exists).")
    Path to;

    @Mixin
    Target source;

    @Option(
            names = "--allocator-address",
            paramLabel = "0x...",
            description = "Recorded in the manifest; with --data-dir read from its allocator.key"
                    + " (env ALLOCATOR_ADDRESS).",
            defaultValue = "${env:ALLOCATOR_ADDRESS}")
    String allocatorAddress;

    @Option(
            names = "--events-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE} (env ALLOCATOR_MESSAGING_TOPICS_EVENTS).",
            defaultValue = "${env:ALLOCATOR_MESSAGING_TOPICS_EVENTS:-" + Topics.EVENTS + "}")
    String eventsTopic;

    @Option(
            names = "--audit-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE} (env ALLOCATOR_AUDIT_TOPIC); skipped if absent.",
            defaultValue = "${env:ALLOCATOR_AUDIT_TOPIC:-" + Topics.AUDIT + "}")
    String auditTopic;

    @Option(
            names = "--control-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE} (env ALLOCATOR_MESSAGING_TOPICS_CONTROL); skipped if absent.",
            defaultValue = "${env:ALLOCATOR_MESSAGING_TOPICS_CONTROL:-" + Topics.CONTROL + "}")
    String controlTopic;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path dataDir = source.resolveDataDir(spec);
            Manifest manifest;
            if (dataDir != null) {
                String address = allocatorAddress != null ? allocatorAddress : addressIn(dataDir);
                try (DataDirBroker broker = DataDirBroker.start(dataDir, true)) {
                    manifest = export(broker.bootstrapServers(), dataDir.toString(), address);
                }
            } else {
                manifest = export(source.bootstrapServers, source.bootstrapServers, allocatorAddress);
            }
            out.println("Backup written to " + to.toAbsolutePath() + ": " + manifest.records() + " records from "
                    + manifest.topics().stream()
                            .map(t -> t.name() + " (" + t.partitions() + " partitions)")
                            .toList());
            out.flush();
            return 0;
        } catch (BackupException e) {
            err.println("Backup failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private Manifest export(String bootstrapServers, String sourceName, String address) throws IOException {
        return new LogExport(bootstrapServers, Clock.systemUTC())
                .write(to, List.of(eventsTopic), List.of(auditTopic, controlTopic), sourceName, address);
    }

    /** The local stack's allocator, from the key it generated and kept in the data directory. */
    static String addressIn(Path dataDir) throws IOException {
        Path key = dataDir.resolve("allocator.key");
        if (!Files.exists(key)) {
            return null;
        }
        return SigningKey.fromHex(Files.readString(key).trim()).address().checksummed();
    }
}

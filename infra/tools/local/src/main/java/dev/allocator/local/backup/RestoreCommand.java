package dev.allocator.local.backup;

import dev.allocator.model.message.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator restore --from FILE}: checks the whole backup, then loads it into an empty
 * broker or a fresh data directory and rebuilds the sponsor processor's state from its events.
 * The read models need nothing: the projector builds them from the events on an empty database.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore a backup written by ./allocator backup into an empty cluster or a fresh data directory.",
            "Verifies every checksum first and refuses a corrupted or truncated file. Creates the topics with"
                    + " the same partitions, writes the records in order (keys, timestamps, headers kept),"
                    + " and rebuilds the sponsor processor's state from the events. Run it with every service"
                    + " stopped; start them afterwards."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:restored",
            "1:refused (corrupted or truncated backup, non-empty target) or failed",
            "2:usage error"
        })
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
    Path from;

    @Mixin
    Target target;

    @Option(
            names = "--replace-existing",
            description = "Delete the backup's topics and the processor's changelog in the target first"
                    + " instead of refusing a target that holds records (env ALLOCATOR_RESTORE_REPLACE_EXISTING)."
                    + " With --data-dir the processor's local state (streams/) goes too.",
            defaultValue = "${env:ALLOCATOR_RESTORE_REPLACE_EXISTING:-false}")
    boolean replaceExisting;

    @Option(names = "--verify-only", description = "Check the backup and print what it holds; write nothing.")
    boolean verifyOnly;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            description = "The sponsor processor's Kafka Streams application id; its store's changelog is"
                    + " <ID>-sponsor-state-changelog. Default: ${DEFAULT-VALUE}"
                    + " (env ALLOCATOR_MESSAGING_APPLICATIONID).",
            defaultValue = "${env:ALLOCATOR_MESSAGING_APPLICATIONID:-allocator-sponsor-processor}")
    String applicationId;

    @Option(
            names = "--events-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE} (env ALLOCATOR_MESSAGING_TOPICS_EVENTS).",
            defaultValue = "${env:ALLOCATOR_MESSAGING_TOPICS_EVENTS:-" + Topics.EVENTS + "}")
    String eventsTopic;

    @Option(
            names = "--commands-topic",
            paramLabel = "TOPIC",
            description = "Checked for the same partition count as the events, when it exists."
                    + " Default: ${DEFAULT-VALUE} (env ALLOCATOR_MESSAGING_TOPICS_COMMANDS).",
            defaultValue = "${env:ALLOCATOR_MESSAGING_TOPICS_COMMANDS:-" + Topics.COMMANDS + "}")
    String commandsTopic;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            description = "Of the topics it creates. Default: ${DEFAULT-VALUE}"
                    + " (env ALLOCATOR_MESSAGING_REPLICATIONFACTOR).",
            defaultValue = "${env:ALLOCATOR_MESSAGING_REPLICATIONFACTOR:-1}")
    short replicationFactor;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = verifyOnly ? null : target.resolveDataDir(spec);
        try (BackupArchive archive = BackupArchive.open(from)) {
            Manifest manifest = archive.manifest();
            out.println("Backup " + from.toAbsolutePath() + " verified: " + manifest.records() + " records, created "
                    + manifest.createdAt() + " from " + manifest.source()
                    + (manifest.allocatorAddress() == null ? "" : ", allocator " + manifest.allocatorAddress()));
            if (verifyOnly) {
                out.flush();
                return 0;
            }
            if (dataDir != null) {
                warnOnOtherAllocator(manifest, dataDir, out);
                if (replaceExisting) {
                    deleteTree(dataDir.resolve("streams"));
                }
                Files.createDirectories(dataDir);
                try (DataDirBroker broker = DataDirBroker.start(dataDir, false)) {
                    importer(broker.bootstrapServers(), out).restore(archive, replaceExisting);
                }
            } else {
                importer(target.bootstrapServers, out).restore(archive, replaceExisting);
            }
            out.println("Restore complete. Start the services"
                    + (manifest.allocatorAddress() == null
                            ? ""
                            : " with allocator " + manifest.allocatorAddress() + "'s key")
                    + "; the projector rebuilds the read models from the events on an empty database.");
            out.flush();
            return 0;
        } catch (BackupException e) {
            err.println("Restore refused: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private LogImport importer(String bootstrapServers, PrintWriter out) {
        return new LogImport(bootstrapServers, eventsTopic, commandsTopic, applicationId, replicationFactor, out);
    }

    /** A data directory keeps its own key; compacts signed by another allocator would not match it. */
    private static void warnOnOtherAllocator(Manifest manifest, Path dataDir, PrintWriter out) throws IOException {
        String here = BackupCommand.addressIn(dataDir);
        if (manifest.allocatorAddress() != null
                && here != null
                && !here.equalsIgnoreCase(manifest.allocatorAddress())) {
            out.println("Warning: " + dataDir + " holds the key of allocator " + here + ", the backup is of "
                    + manifest.allocatorAddress() + "; put that allocator's key in " + dataDir.resolve("allocator.key")
                    + " (or set ALLOCATOR_PRIVATE_KEY) before starting.");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package dev.allocator.local.backup;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a backup reads from or a restore writes to: a broker, or a local stack's data directory.
 * Exactly one; an option given on the command line wins over the other's environment variable.
 */
final class Target {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "A deployment's Kafka (env ALLOCATOR_BACKUP_BOOTSTRAP_SERVERS).",
            defaultValue = "${env:ALLOCATOR_BACKUP_BOOTSTRAP_SERVERS}")
    String bootstrapServers;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "A local stack's data directory, its stack stopped (env ALLOCATOR_BACKUP_DATA_DIR).",
            defaultValue = "${env:ALLOCATOR_BACKUP_DATA_DIR}")
    Path dataDir;

    /** The data directory, or null for a broker; a usage error unless exactly one is chosen. */
    Path resolveDataDir(CommandSpec spec) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        boolean brokerGiven = parsed.hasMatchedOption("--bootstrap-servers");
        boolean dirGiven = parsed.hasMatchedOption("--data-dir");
        if (brokerGiven && dirGiven) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--bootstrap-servers and --data-dir are mutually exclusive");
        }
        if (dirGiven || (!brokerGiven && dataDir != null && bootstrapServers == null)) {
            return dataDir.toAbsolutePath();
        }
        if (bootstrapServers != null && (brokerGiven || dataDir == null)) {
            return null;
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing the source: --bootstrap-servers HOST:PORT or --data-dir DIR");
    }
}

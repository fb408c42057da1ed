package dev.allocator.local.cli;

import dev.allocator.local.DemoCommand;
import dev.allocator.local.LocalCommand;
import dev.allocator.local.archive.ArchiveCommand;
import dev.allocator.local.backup.BackupCommand;
import dev.allocator.local.backup.RestoreCommand;
import dev.allocator.security.cli.KeysCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator}: the root of every command, the main class of the local module's runnable
 * jar. Each command is a picocli {@code @Command} class implementing {@code Callable<Integer>};
 * adding one is adding its class to {@code subcommands} below. Exit status: 0 done, 1 failed, 2
 * wrong usage (an unknown option or command, a missing or malformed value).
 */
@Command(
        name = "./allocator",
        mixinStandardHelpOptions = true,
        versionProvider = AllocatorCli.Version.class,
        description = "The compact allocator's command line.",
        // One class per command; keep help last.
        subcommands = {
            LocalCommand.class,
            DemoCommand.class,
            KeysCommand.class,
            AddressCommand.class,
            ArchiveCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Every option can also be set by the environment variable its help names;",
            "a flag wins over it. ./allocator <command> --help says more."
        })
public final class AllocatorCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The root with every command, for main and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new AllocatorCli());
    }

    /** {@code ./allocator} alone: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The version of this build, from the jar's manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AllocatorCli.class.getPackage().getImplementationVersion();
            return new String[] {"allocator " + (version == null ? "(development build)" : version)};
        }
    }
}

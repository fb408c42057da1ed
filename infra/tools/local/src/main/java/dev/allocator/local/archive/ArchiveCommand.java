package dev.allocator.local.archive;

import dev.allocator.security.cli.KeysCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator archive --before DATE --to FILE}: the compacts whose expiry is before DATE, from
 * the read-model database (the serving generation and the retention job's archive), as JSON Lines,
 * with a SHA-256 sidecar that {@code sha256sum -c} verifies. docs/operations.md, "Retention".
 */
@Command(
        name = "archive",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes every compact whose expiry is before DATE as JSON Lines (one compact a line, in order of",
            "expiry, chain and claim hash), read from the read-model database: the serving read model and",
            "the rows the retention job moved to read_model_archive. Beside FILE it writes FILE.sha256 in",
            "sha256sum format: (cd DIR && sha256sum -c FILE.sha256) verifies it.",
            "Exit status: 0 written, 1 failed (FILE exists, no database, no read model), 2 wrong usage."
        })
public final class ArchiveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--before",
            paramLabel = "DATE",
            defaultValue = "${env:ALLOCATOR_ARCHIVE_BEFORE}",
            converter = CutoffConverter.class,
            description = {
                "Compacts whose expiry is before this: a date (2026-01-31, its start in UTC) or an instant"
                        + " (2026-01-31T12:00:00Z). Required. Env: ALLOCATOR_ARCHIVE_BEFORE."
            })
    Instant before;

    @Option(
            names = "--to",
            paramLabel = "FILE",
            defaultValue = "${env:ALLOCATOR_ARCHIVE_TO}",
            description = "The JSON Lines file to write. Required. Env: ALLOCATOR_ARCHIVE_TO.")
    Path to;

    @Option(
            names = "--force",
            defaultValue = "${env:ALLOCATOR_ARCHIVE_FORCE:-false}",
            description = "Replace FILE and FILE.sha256 if they exist. Env: ALLOCATOR_ARCHIVE_FORCE.")
    boolean force;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            defaultValue = "${env:SPRING_DATASOURCE_URL}",
            description = {
                "The read-model database (JDBC URL). Env: SPRING_DATASOURCE_URL. Without it, the database of",
                "./allocator local in --data-dir."
            })
    String databaseUrl;

    @Option(
            names = "--database-user",
            paramLabel = "USER",
            defaultValue = "${env:SPRING_DATASOURCE_USERNAME}",
            description = "Database user. Env: SPRING_DATASOURCE_USERNAME.")
    String databaseUser;

    @Option(
            names = "--database-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:SPRING_DATASOURCE_PASSWORD}",
            description = "Database password. Env: SPRING_DATASOURCE_PASSWORD.")
    String databasePassword;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:ALLOCATOR_DATA_DIR:-.allocator-data}",
            description = {
                "The data directory of ./allocator local, used without --database-url: its database on",
                "127.0.0.1, port ALLOCATOR_POSTGRES_PORT (default 15432), password from DIR/database.secret.",
                "Env: ALLOCATOR_DATA_DIR. Default: ${DEFAULT-VALUE}."
            })
    Path dataDir;

    @Override
    public Integer call() {
        if (before == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--before=DATE'");
        }
        if (to == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--to=FILE'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PGSimpleDataSource dataSource;
        try {
            dataSource = dataSource();
        } catch (IllegalArgumentException | IOException e) {
            err.println("No database: " + e.getMessage());
            return 1;
        }
        try {
            CompactArchive.Written written = CompactArchive.write(dataSource, before, to, force);
            out.printf(
                    "Wrote %d compacts with an expiry before %s to %s (%d of them from %s).%n",
                    written.compacts(), before, to, written.fromArchive(), CompactArchive.ARCHIVE_TABLE);
            out.printf(
                    "SHA-256 %s in %s; verify with: (cd %s && sha256sum -c %s)%n",
                    written.sha256(),
                    written.checksumFile(),
                    directory(to),
                    written.checksumFile().getFileName());
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println(e.getFile() + " exists; pass --force to replace it.");
            return 1;
        } catch (CompactArchive.NoReadModelException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot write " + to + ": " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("Cannot read the compacts from " + dataSource.getUrl() + ": " + e.getMessage());
            return 1;
        }
    }

    private static String directory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? "." : parent.toString();
    }

    /** The database as {@code ./allocator keys} finds it: these options, else the local stack's. */
    private PGSimpleDataSource dataSource() throws IOException {
        Map<String, String> options = new HashMap<>();
        options.put("database-url", databaseUrl);
        options.put("database-user", databaseUser);
        options.put("database-password", databasePassword);
        options.put("data-dir", dataDir.toString());
        return KeysCommand.dataSource(options, System.getenv());
    }

    /** DATE: a day (its start in UTC) or an instant; anything else is a usage error (exit 2). */
    static final class CutoffConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw new CommandLine.TypeConversionException(
                            "'" + text + "' is neither a date (2026-01-31) nor an instant (2026-01-31T12:00:00Z)");
                }
            }
        }
    }
}

package dev.allocator.security.cli;

import dev.allocator.model.audit.AuditRecord;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.security.SecuritySchema;
import dev.allocator.security.StoredKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator keys}: creates, lists and revokes operator API keys directly in the
 * deployment's database. A new key (and its TOTP enrolment URI) is printed once and never again:
 * only its hash is stored.
 *
 * <p>Exit status: 0 done, 1 refused (no such key), 2 wrong usage, no database or a failure. The
 * environment is a constructor argument, so tests pass their own; the root command {@code
 * ./allocator} uses the process's.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke operator API keys in the deployment's database.",
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Revoke.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Database (in this order):",
            "  --database-url URL --database-user USER --database-password PASSWORD",
            "  SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD",
            "  otherwise the database of ./allocator local: --data-dir (ALLOCATOR_DATA_DIR, default",
            "  .allocator-data), port ALLOCATOR_POSTGRES_PORT (default 15432), its password from",
            "  <data-dir>/database.secret",
            "",
            "Audit log (create and revoke record KEY_CREATED / KEY_REVOKED, never the key itself):",
            "  --bootstrap-servers HOST:PORT, else KAFKA_BOOTSTRAP_SERVERS, else the broker of",
            "  ./allocator local (127.0.0.1, port ALLOCATOR_KAFKA_PORT, default 19092)",
            "  --audit-topic TOPIC (default allocator.audit)",
            "  --no-audit   do not record (the key is created or revoked all the same)",
            "  If the broker does not acknowledge within 5 s, the key is still created or revoked",
            "  and a warning says the action is not recorded in the audit log.",
            "",
            "Examples:",
            "  ./allocator keys create --role admin|operator|auditor|partner [--expires 2027-01-31] [--totp]",
            "  ./allocator keys list",
            "  ./allocator keys revoke <id>"
        })
public final class KeysCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    /** With the process's environment, as {@code ./allocator keys} runs it. */
    public KeysCommand() {
        this(System.getenv());
    }

    KeysCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KeysCommand()).execute(args));
    }

    /** Runs one command line with this environment and these streams; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new CommandLine(new KeysCommand(env))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    /** {@code ./allocator keys} alone: what it can do, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Where the keys are and where their audit records go: every subcommand takes these. */
    static final class Connection {
        @Option(
                names = "--database-url",
                paramLabel = "URL",
                description = "JDBC URL of the deployment's database (env SPRING_DATASOURCE_URL).")
        String databaseUrl;

        @Option(
                names = "--database-user",
                paramLabel = "USER",
                description = "Database user (env SPRING_DATASOURCE_USERNAME).")
        String databaseUser;

        @Option(
                names = "--database-password",
                paramLabel = "PASSWORD",
                description = "Database password (env SPRING_DATASOURCE_PASSWORD; prefer the variable: "
                        + "options show in the process list).")
        String databasePassword;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "The data directory of ./allocator local, used when no database URL is given "
                        + "(env ALLOCATOR_DATA_DIR, default .allocator-data).")
        String dataDir;

        @Option(
                names = "--bootstrap-servers",
                paramLabel = "HOST:PORT",
                description = "Kafka for the audit records (env KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:"
                        + "ALLOCATOR_KAFKA_PORT, default 19092).")
        String bootstrapServers;

        @Option(
                names = "--audit-topic",
                paramLabel = "TOPIC",
                description = "The audit topic (default " + KeyAudit.DEFAULT_TOPIC + ").")
        String auditTopic;

        @Option(names = "--no-audit", description = "Do not record the action in the audit log.")
        boolean noAudit;

        Map<String, String> options() {
            Map<String, String> options = new HashMap<>();
            put(options, "database-url", databaseUrl);
            put(options, "database-user", databaseUser);
            put(options, "database-password", databasePassword);
            put(options, "data-dir", dataDir);
            put(options, "bootstrap-servers", bootstrapServers);
            put(options, "audit-topic", auditTopic);
            return options;
        }

        private static void put(Map<String, String> options, String name, String value) {
            if (value != null) {
                options.put(name, value);
            }
        }
    }

    /** What every subcommand shares: the database, the audit target, the streams. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PGSimpleDataSource dataSource;
            try {
                dataSource = dataSource(connection.options(), keys.env);
            } catch (IllegalArgumentException | IOException e) {
                err.println("No database: " + e.getMessage());
                return 2;
            }
            try {
                SecuritySchema.migrate(dataSource);
                return run(
                        new KeyAdministration(new ApiKeyStore(dataSource), Clock.systemUTC(), new SecureRandom()),
                        spec.commandLine().getOut(),
                        err);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                err.println("Failed: " + e.getMessage());
                return 2;
            }
        }

        abstract int run(KeyAdministration keys, PrintWriter out, PrintWriter err);

        /**
         * Records what was done, after it was done: the database is the source of truth for keys,
         * so a broker that is away must not stop an operator from making or revoking one (the
         * first key of a deployment may well be made before Kafka runs). It only warns, and the
         * exit status stays 0.
         */
        void audit(PrintWriter err, AuditRecord record) {
            quietKafkaLogging();
            KeyAudit.target(connection.options(), connection.noAudit, keys.env)
                    .flatMap(target -> KeyAudit.publish(target, record))
                    .ifPresent(why -> err.println("Warning: " + record.action() + " of key "
                            + record.details().get("keyId") + " is not recorded in the audit log: " + why
                            + ". Pass --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS), or --no-audit to skip it."));
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Creates a key and prints it once (with --totp, also the otpauth:// URI to enrol an"
                        + " authenticator app)."
            })
    static final class Create extends Subcommand {
        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "admin, operator, auditor or partner.")
        String role;

        @Option(
                names = "--expires",
                paramLabel = "WHEN",
                description = "A date (the key works through that day, UTC) or an ISO-8601 instant; "
                        + "no expiry when left out.")
        String expires;

        @Option(names = "--totp", description = "Enrol a TOTP second factor for destructive actions.")
        boolean totp;

        @Option(names = "--note", paramLabel = "TEXT", description = "What the key is for.")
        String note;

        @Override
        int run(KeyAdministration keys, PrintWriter out, PrintWriter err) {
            Instant expiry = expires == null ? null : expiry(expires);
            KeyAdministration.Created created = keys.create(Role.parse(role), expiry, totp, note);
            out.println("Created API key " + created.stored().id() + " (role "
                    + created.stored().role().label() + (expiry == null ? ", no expiry" : ", expires " + expiry)
                    + ").");
            out.println("Send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'. It is shown only now:");
            out.println(created.key().text());
            created.otpauthUri().ifPresent(uri -> {
                out.println("Second factor: add this to an authenticator app (shown only now), then send its");
                out.println("current code as X-Admin-OTP on destructive actions:");
                out.println(uri);
            });
            audit(err, KeyAudit.created(created.stored(), Instant.now()));
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Every key: id, role, created, expires, revoked, last use, use count, TOTP.")
    static final class ListKeys extends Subcommand {
        @Override
        int run(KeyAdministration keys, PrintWriter out, PrintWriter err) {
            out.printf(
                    "%-16s  %-8s  %-20s  %-20s  %-20s  %-20s  %8s  %-4s  %s%n",
                    "ID", "ROLE", "CREATED", "EXPIRES", "REVOKED", "LAST USED", "USES", "TOTP", "NOTE");
            for (StoredKey key : keys.list()) {
                out.printf(
                        "%-16s  %-8s  %-20s  %-20s  %-20s  %-20s  %8d  %-4s  %s%n",
                        key.id(),
                        key.role().label(),
                        text(key.createdAt()),
                        text(key.expiresAt()),
                        text(key.revokedAt()),
                        text(key.lastUsedAt()),
                        key.useCount(),
                        key.totpEnrolled() ? "yes" : "no",
                        key.note() == null ? "" : key.note());
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revokes a key; every instance refuses it within its cache time (5 s).")
    static final class Revoke extends Subcommand {
        @Parameters(index = "0", paramLabel = "<id>", description = "The key's id (./allocator keys list shows them).")
        String id;

        @Override
        int run(KeyAdministration keys, PrintWriter out, PrintWriter err) {
            if (!keys.revoke(id)) {
                err.println("No active key " + id);
                return 1;
            }
            out.println("Revoked API key " + id + ". Every instance refuses it within its key cache time.");
            audit(err, KeyAudit.revoked(id, Instant.now()));
            return 0;
        }
    }

    /**
     * The command reports the audit record's fate itself; the Kafka client's reconnect warnings and
     * the audit log's own ERROR line would only repeat it, on stdout next to the new key.
     */
    private static void quietKafkaLogging() {
        for (String name : List.of("org.apache.kafka", "dev.allocator.kafka.audit")) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.OFF);
            }
        }
    }

    static Instant expiry(String text) {
        try {
            return LocalDate.parse(text)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--expires: a date (2027-01-31) or an instant (2027-01-31T12:00:00Z)");
            }
        }
    }

    /**
     * The deployment's database from {@code options} (database-url, database-user,
     * database-password, data-dir), then the {@code SPRING_DATASOURCE_*} variables, else the
     * database of {@code ./allocator local}; every command that reaches the database uses this.
     */
    public static PGSimpleDataSource dataSource(Map<String, String> options, Map<String, String> env)
            throws IOException {
        String url = first(options.get("database-url"), env.get("SPRING_DATASOURCE_URL"));
        String user = first(options.get("database-user"), env.get("SPRING_DATASOURCE_USERNAME"));
        String password = first(options.get("database-password"), env.get("SPRING_DATASOURCE_PASSWORD"));
        if (url == null) {
            // The local stack's database, as LocalPostgres runs it.
            Path dataDir = Path.of(first(options.get("data-dir"), env.get("ALLOCATOR_DATA_DIR"), ".allocator-data"));
            String port = first(env.get("ALLOCATOR_POSTGRES_PORT"), "15432");
            Path secret = dataDir.resolve("database.secret");
            if (!Files.exists(secret)) {
                throw new IllegalArgumentException(
                        "give --database-url (or SPRING_DATASOURCE_URL), or run ./allocator local" + " once so that "
                                + secret + " exists");
            }
            url = "jdbc:postgresql://127.0.0.1:" + port + "/allocator";
            user = first(user, "postgres");
            password = first(password, Files.readString(secret).trim());
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String text(Instant instant) {
        return instant == null
                ? "-"
                : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}

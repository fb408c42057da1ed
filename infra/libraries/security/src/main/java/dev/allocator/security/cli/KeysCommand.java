package dev.allocator.security.cli;

import dev.allocator.model.audit.AuditRecord;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.security.SecuritySchema;
import dev.allocator.security.StoredKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code ./allocator keys}: creates, lists and revokes operator API keys directly in the
 * deployment's database. A new key (and its TOTP enrolment URI) is printed once and never again:
 * only its hash is stored.
 */
public final class KeysCommand {
    static final String USAGE = """
            Usage: ./allocator keys <command> [options]

            Commands:
              create --role admin|operator|auditor|partner [--expires 2027-01-31] [--totp] [--note text]
                       Creates a key and prints it once (with --totp, also the otpauth:// URI to
                       enrol an authenticator app). --expires is a date (the key works through that
                       day, UTC) or an ISO-8601 instant.
              list     Every key: id, role, created, expires, revoked, last use, use count, TOTP.
              revoke <id>
                       Revokes a key; every instance refuses it within its cache time (5 s).

            Database (in this order):
              --database-url URL --database-user USER --database-password PASSWORD
              SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD
              otherwise the database of ./allocator local: --data-dir (ALLOCATOR_DATA_DIR, default
              .allocator-data), port ALLOCATOR_POSTGRES_PORT (default 15432), its password from
              <data-dir>/database.secret

            Audit log (create and revoke record KEY_CREATED / KEY_REVOKED, never the key itself):
              --bootstrap-servers HOST:PORT, else KAFKA_BOOTSTRAP_SERVERS, else the broker of
              ./allocator local (127.0.0.1, port ALLOCATOR_KAFKA_PORT, default 19092)
              --audit-topic TOPIC (default allocator.audit)
              --no-audit   do not record (the key is created or revoked all the same)
              If the broker does not acknowledge within 5 s, the key is still created or revoked
              and a warning says the action is not recorded in the audit log.""";

    private KeysCommand() {}

    public static void main(String[] args) {
        quietKafkaLogging();
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Exit status: 0 done, 1 refused (no such key), 2 wrong usage or no database. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (arguments.help() || arguments.command() == null) {
            (arguments.help() ? out : err).println(USAGE);
            return arguments.help() ? 0 : 2;
        }
        PGSimpleDataSource dataSource;
        try {
            dataSource = dataSource(arguments.options(), env);
        } catch (IllegalArgumentException | IOException e) {
            err.println("No database: " + e.getMessage());
            return 2;
        }
        try {
            SecuritySchema.migrate(dataSource);
            KeyAdministration keys =
                    new KeyAdministration(new ApiKeyStore(dataSource), Clock.systemUTC(), new SecureRandom());
            return switch (arguments.command()) {
                case "create" -> create(keys, arguments, env, out, err);
                case "list" -> list(keys, out);
                case "revoke" -> revoke(keys, arguments, env, out, err);
                default -> {
                    err.println("Unknown command: " + arguments.command());
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("Failed: " + e.getMessage());
            return 2;
        }
    }

    private static int create(
            KeyAdministration keys, Arguments arguments, Map<String, String> env, PrintStream out, PrintStream err) {
        String role = arguments.options().get("role");
        if (role == null) {
            throw new IllegalArgumentException("create needs --role (admin, operator, auditor or partner)");
        }
        Instant expires = arguments.options().containsKey("expires")
                ? expiry(arguments.options().get("expires"))
                : null;
        KeyAdministration.Created created = keys.create(
                Role.parse(role),
                expires,
                arguments.flags().contains("totp"),
                arguments.options().get("note"));
        out.println("Created API key " + created.stored().id() + " (role "
                + created.stored().role().label() + (expires == null ? ", no expiry" : ", expires " + expires)
                + ").");
        out.println("Send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'. It is shown only now:");
        out.println(created.key().text());
        created.otpauthUri().ifPresent(uri -> {
            out.println("Second factor: add this to an authenticator app (shown only now), then send its");
            out.println("current code as X-Admin-OTP on destructive actions:");
            out.println(uri);
        });
        audit(arguments, env, err, KeyAudit.created(created.stored(), Instant.now()));
        return 0;
    }

    private static int list(KeyAdministration keys, PrintStream out) {
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

    private static int revoke(
            KeyAdministration keys, Arguments arguments, Map<String, String> env, PrintStream out, PrintStream err) {
        if (arguments.positional().size() != 1) {
            throw new IllegalArgumentException("revoke needs the key id (./allocator keys list shows them)");
        }
        String id = arguments.positional().get(0);
        if (!keys.revoke(id)) {
            err.println("No active key " + id);
            return 1;
        }
        out.println("Revoked API key " + id + ". Every instance refuses it within its key cache time.");
        audit(arguments, env, err, KeyAudit.revoked(id, Instant.now()));
        return 0;
    }

    /**
     * Records what was done, after it was done: the database is the source of truth for keys, so a
     * broker that is away must not stop an operator from making or revoking one (the first key of a
     * deployment may well be made before Kafka runs). It only warns, and the exit status stays 0.
     */
    private static void audit(Arguments arguments, Map<String, String> env, PrintStream err, AuditRecord record) {
        KeyAudit.target(arguments.options(), arguments.flags().contains("no-audit"), env)
                .flatMap(target -> KeyAudit.publish(target, record))
                .ifPresent(why -> err.println("Warning: " + record.action() + " of key "
                        + record.details().get("keyId") + " is not recorded in the audit log: " + why
                        + ". Pass --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS), or --no-audit to skip it."));
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

    static PGSimpleDataSource dataSource(Map<String, String> options, Map<String, String> env) throws IOException {
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

    /** The command, its options ({@code --name value}), flags ({@code --totp}) and positional words. */
    record Arguments(
            String command, Map<String, String> options, List<String> flags, List<String> positional, boolean help) {
        private static final List<String> FLAGS = List.of("totp", "no-audit");
        private static final List<String> OPTIONS = List.of(
                "role",
                "expires",
                "note",
                "database-url",
                "database-user",
                "database-password",
                "data-dir",
                "bootstrap-servers",
                "audit-topic");

        static Arguments parse(String[] args) {
            String command = null;
            Map<String, String> options = new HashMap<>();
            List<String> flags = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                    help = true;
                } else if (arg.startsWith("--")) {
                    String name = arg.substring(2);
                    String value = null;
                    int equals = name.indexOf('=');
                    if (equals >= 0) {
                        value = name.substring(equals + 1);
                        name = name.substring(0, equals);
                    }
                    if (FLAGS.contains(name)) {
                        flags.add(name);
                    } else if (OPTIONS.contains(name)) {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException("--" + name + " needs a value");
                            }
                            value = args[++i];
                        }
                        options.put(name, value);
                    } else {
                        throw new IllegalArgumentException("Unknown option: " + arg);
                    }
                } else if (command == null) {
                    command = arg;
                } else {
                    positional.add(arg);
                }
            }
            return new Arguments(command, options, flags, positional, help);
        }
    }
}

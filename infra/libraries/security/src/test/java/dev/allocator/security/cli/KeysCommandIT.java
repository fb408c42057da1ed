package dev.allocator.security.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.security.ApiKey;
import dev.allocator.security.it.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code ./allocator keys} against a real PostgreSQL. */
class KeysCommandIT {
    static String url;
    static JdbcTemplate jdbc;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void database() {
        url = TestDatabase.freshDatabaseUrl();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"));
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KeysCommand.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(
                new String[] {"--database-url", url, "--database-user", "postgres", "--database-password", "postgres"},
                0,
                all,
                args.length,
                6);
        return run(Map.of(), all);
    }

    static ApiKey keyIn(String output) {
        return output.lines()
                .map(ApiKey::parse)
                .flatMap(java.util.Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key in: " + output));
    }

    @Test
    void createsAKeyPrintsItOnceAndStoresOnlyItsHash() {
        Run created = run("create", "--role", "auditor", "--expires", "2099-01-31", "--note", "ci");

        assertThat(created.status()).as(created.err()).isZero();
        ApiKey key = keyIn(created.out());
        assertThat(created.out())
                .contains("role auditor", "expires 2099-02-01T00:00:00Z")
                .doesNotContain("otpauth");
        Map<String, Object> row =
                jdbc.queryForMap("SELECT * FROM allocator_security.api_keys WHERE id = ?", key.keyId());
        assertThat((byte[]) row.get("hash")).isEqualTo(key.hash());
        assertThat(row.get("note")).isEqualTo("ci");
        assertThat(row.values().stream().map(String::valueOf)).noneMatch(v -> v.contains(key.secret()));

        Run listed = run("list");
        assertThat(listed.status()).isZero();
        assertThat(listed.out())
                .contains(key.keyId(), "auditor", "2099-02-01T00:00:00Z")
                .doesNotContain(key.secret());
    }

    @Test
    void enrolsASecondFactorWithAnOtpauthUri() {
        Run created = run("create", "--role=operator", "--totp");

        assertThat(created.status()).as(created.err()).isZero();
        ApiKey key = keyIn(created.out());
        assertThat(created.out()).contains("otpauth://totp/Compact%20Allocator:" + key.keyId() + "?secret=");
        assertThat(run("list")
                        .out()
                        .lines()
                        .filter(l -> l.startsWith(key.keyId()))
                        .findFirst()
                        .orElseThrow())
                .contains("operator", " yes ");
    }

    @Test
    void revokesOnceAndSaysSoWhenThereIsNothingToRevoke() {
        ApiKey key = keyIn(run("create", "--role", "admin").out());

        Run revoked = run("revoke", key.keyId());
        assertThat(revoked.status()).as(revoked.err()).isZero();
        Instant at = jdbc.queryForObject(
                        "SELECT revoked_at FROM allocator_security.api_keys WHERE id = ?",
                        java.sql.Timestamp.class,
                        key.keyId())
                .toInstant();
        assertThat(at).isBefore(Instant.now().plusSeconds(1));

        Run again = run("revoke", key.keyId());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("No active key");
    }

    @Test
    void readsTheDatabaseFromTheEnvironment() {
        Run created = run(
                Map.of(
                        "SPRING_DATASOURCE_URL", url,
                        "SPRING_DATASOURCE_USERNAME", "postgres",
                        "SPRING_DATASOURCE_PASSWORD", "postgres"),
                "create",
                "--role",
                "partner");

        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out()).contains("role partner");
    }

    @Test
    void defaultsToTheLocalStacksDatabase(@org.junit.jupiter.api.io.TempDir Path dataDir) throws Exception {
        try (Connection connection =
                        TestDatabase.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'allocator'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE allocator");
            }
        }
        Files.writeString(dataDir.resolve("database.secret"), "postgres\n");

        Run created = run(
                Map.of(
                        "ALLOCATOR_POSTGRES_PORT",
                        String.valueOf(TestDatabase.postgres().getPort())),
                "create",
                "--role",
                "auditor",
                "--data-dir",
                dataDir.toString());

        assertThat(created.status()).as(created.err()).isZero();
        keyIn(created.out());
    }

    @Test
    void explainsItselfAndRefusesWrongUsage() {
        Run help = run(Map.of(), "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: ./allocator keys", "create --role", "revoke <id>");

        assertThat(run("create").status()).isEqualTo(2);
        assertThat(run("create", "--role", "root").err()).contains("unknown role");
        assertThat(run("create", "--role", "admin", "--expires", "2001-01-01").err())
                .contains("future");
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run(Map.of(), "list", "--data-dir", "/nonexistent").err()).contains("No database");
        assertThat(run("create", "--colour", "red").err()).contains("Unknown option");
    }
}

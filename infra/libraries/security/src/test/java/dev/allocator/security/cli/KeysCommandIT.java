package dev.allocator.security.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditCodec;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.security.ApiKey;
import dev.allocator.testing.postgres.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** {@code ./allocator keys} against a real PostgreSQL and, for its audit records, a real Kafka broker. */
class KeysCommandIT {
    static final String AUDIT_TOPIC = "keys-it.audit";
    static String url;
    static JdbcTemplate jdbc;
    static EmbeddedKafkaKraftBroker broker;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void database() {
        url = TestPostgres.freshDatabaseUrl();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"));
    }

    @BeforeAll
    static void kafka() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "offsets.topic.replication.factor", "1"));
        broker.afterPropertiesSet();
        broker.doWithAdmin(admin -> {
            try {
                admin.createTopics(List.of(new NewTopic(AUDIT_TOPIC, 1, (short) 1)))
                        .all()
                        .get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.destroy();
        }
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

    /** With the test database and the test broker's audit topic. */
    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--database-url",
                url,
                "--database-user",
                "postgres",
                "--database-password",
                "postgres",
                "--bootstrap-servers",
                broker.getBrokersAsString(),
                "--audit-topic",
                AUDIT_TOPIC));
        return run(Map.of(), all.toArray(String[]::new));
    }

    /** Every record on the test's audit topic, raw, from offset 0. */
    static List<byte[]> auditTopic() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(AUDIT_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<byte[]> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
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
    void recordsCreationAndRevocationOnTheAuditTopicWithoutTheKeyOrItsTotpSecret() {
        Run created = run("create", "--role", "operator", "--totp", "--expires", "2099-01-31");
        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.err()).doesNotContain("not recorded");
        ApiKey key = keyIn(created.out());
        String totpSecret = created.out()
                .lines()
                .filter(line -> line.startsWith("otpauth://"))
                .map(line -> line.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1"))
                .findFirst()
                .orElseThrow();
        Run revoked = run("revoke", key.keyId());
        assertThat(revoked.status()).as(revoked.err()).isZero();
        assertThat(revoked.err()).doesNotContain("not recorded");

        // The command waited for the acknowledgements: both records are on the topic now.
        List<byte[]> raw = auditTopic();
        AuditCodec codec = new AuditCodec();
        List<AuditRecord> mine = raw.stream()
                .map(codec::decode)
                .filter(record -> key.keyId().equals(record.details().get("keyId")))
                .toList();
        assertThat(mine)
                .extracting(AuditRecord::action)
                .containsExactly(AuditAction.KEY_CREATED, AuditAction.KEY_REVOKED);
        AuditRecord creation = mine.get(0);
        assertThat(creation.actor()).isEqualTo(KeyAudit.ACTOR);
        assertThat(creation.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(creation.details())
                .containsEntry("role", "operator")
                .containsEntry("totp", "yes")
                .containsEntry("expiresAt", "2099-02-01T00:00:00Z");
        assertThat(mine.get(1).details()).containsEntry("keyId", key.keyId());
        assertThat(raw.stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)))
                .noneMatch(json -> json.contains(key.secret()) || json.contains(totpSecret));
    }

    @Test
    void createsTheKeyAndWarnsWhenTheBrokerCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = Map.of(
                "SPRING_DATASOURCE_URL", url,
                "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "postgres");

        long started = System.nanoTime();
        Run created = run(env, "create", "--role", "auditor", "--bootstrap-servers", "127.0.0.1:" + closedPort);

        assertThat(created.status()).as(created.err()).isZero();
        ApiKey key = keyIn(created.out());
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM allocator_security.api_keys WHERE id = ?", Integer.class, key.keyId()))
                .isOne();
        assertThat(created.err())
                .contains("KEY_CREATED of key " + key.keyId() + " is not recorded in the audit log: ")
                .contains("127.0.0.1:" + closedPort)
                .doesNotContain(key.secret());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

        // The same through KAFKA_BOOTSTRAP_SERVERS, for revoke.
        Map<String, String> withKafka = new java.util.HashMap<>(env);
        withKafka.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort);
        Run revoked = run(withKafka, "revoke", key.keyId());
        assertThat(revoked.status()).as(revoked.err()).isZero();
        assertThat(revoked.err()).contains("KEY_REVOKED of key " + key.keyId() + " is not recorded in the audit log");

        Run skipped = run(env, "create", "--role", "auditor", "--no-audit");
        assertThat(skipped.status()).isZero();
        assertThat(skipped.err()).isEmpty();
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
                "partner",
                "--no-audit");

        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out()).contains("role partner");
    }

    @Test
    void defaultsToTheLocalStacksDatabase(@org.junit.jupiter.api.io.TempDir Path dataDir) throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
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
                        String.valueOf(TestPostgres.shared().getPort())),
                "create",
                "--role",
                "auditor",
                "--data-dir",
                dataDir.toString(),
                "--no-audit");

        assertThat(created.status()).as(created.err()).isZero();
        keyIn(created.out());
    }

    @Test
    void explainsItselfAndRefusesWrongUsage() {
        Run help = run(Map.of(), "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out())
                .contains("Usage: keys", "create --role", "revoke <id>")
                .contains("--bootstrap-servers", "--audit-topic", "--no-audit");
        Run createHelp = run(Map.of(), "create", "--help");
        assertThat(createHelp.status()).isZero();
        assertThat(createHelp.out()).contains("--role", "--expires", "--totp", "--database-url", "--no-audit");
        assertThat(run(Map.of(), "help", "revoke").out()).contains("<id>");
        Run bare = run(Map.of());
        assertThat(bare.status()).isEqualTo(2);
        assertThat(bare.err()).contains("Usage: keys");

        assertThat(run("create").status()).isEqualTo(2);
        assertThat(run("create", "--role", "root").err()).contains("unknown role");
        assertThat(run("create", "--role", "admin", "--expires", "2001-01-01").err())
                .contains("future");
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run(Map.of(), "list", "--data-dir", "/nonexistent").err()).contains("No database");
        assertThat(run("create", "--role", "admin", "--colour", "red").err()).contains("Unknown option");
    }
}

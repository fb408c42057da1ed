package dev.allocator.local.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import dev.allocator.projector.retention.PruneRun;
import dev.allocator.projector.retention.ReadModelPruner;
import dev.allocator.projector.retention.RetentionProperties;
import dev.allocator.projector.testing.ReadModelSeed;
import dev.allocator.projector.testing.SponsorHistory;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import dev.allocator.testing.postgres.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./allocator archive} against real PostgreSQL holding rows the projector wrote (and the
 * retention job moved): the right compacts, every column, in order, a checksum that {@code sha256sum
 * -c} accepts, an existing file refused without --force, and a bad DATE a usage error.
 */
class ArchiveCommandIT {
    /** 2026-03-01T00:00:00Z, the cutoff of the tests. */
    private static final String DATE = "2026-03-01";

    private static final Instant CUTOFF = Instant.parse("2026-03-01T00:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private String url;
    private final SponsorHistory sponsor = SponsorHistory.random();
    private final List<EventEnvelope> compacts = new ArrayList<>();

    @BeforeEach
    void seed() {
        url = TestPostgres.freshDatabaseUrl();
        dataSource = TestPostgres.dataSource(url, 4);
        Generation generation = ReadModelSeed.prepare(dataSource);
        Instant signedAt = Instant.parse("2026-01-01T00:00:00Z");
        List<EventEnvelope> history = new ArrayList<>();
        history.add(sponsor.sessionCreated("s-1", signedAt, signedAt.plus(Duration.ofDays(7))));
        // Before the cutoff, written out of expiry order: the archive sorts them.
        compacts.add(compact(CUTOFF.minus(Duration.ofDays(3)).getEpochSecond(), signedAt, false));
        compacts.add(compact(CUTOFF.minus(Duration.ofDays(40)).getEpochSecond(), signedAt, true));
        compacts.add(compact(CUTOFF.getEpochSecond() - 1, signedAt, false));
        // At the cutoff and after it: not archived.
        compacts.add(compact(CUTOFF.getEpochSecond(), signedAt, false));
        compacts.add(compact(CUTOFF.plus(Duration.ofDays(1)).getEpochSecond(), signedAt, false));
        history.addAll(compacts);
        ReadModelSeed.apply(dataSource, generation, history);
        // The retention job, run on 2026-03-01 with a 30-day period, moves the oldest one to the archive.
        PruneRun pruned = new ReadModelPruner(
                        dataSource,
                        new RetentionProperties(
                                true,
                                Duration.ofDays(30),
                                Duration.ofHours(1),
                                Duration.ofHours(1),
                                Duration.ZERO,
                                100),
                        Clock.fixed(CUTOFF, ZoneOffset.UTC))
                .run();
        assertThat(pruned.pruned()).isEqualTo(1);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void writesTheCompactsThatExpiredBeforeTheDateWithAChecksumSha256sumAccepts() throws Exception {
        Path file = dir.resolve("compacts.jsonl");

        Run run = archive("--before", DATE, "--to", file.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        List<JsonNode> parsed = lines.stream().map(JSON::readTree).toList();
        // Expiry order: the pruned one (from the archive), then the other two.
        assertThat(parsed)
                .extracting(line -> line.get("compact").get("expires").asString())
                .containsExactly(expires(compacts.get(1)), expires(compacts.get(0)), expires(compacts.get(2)));
        JsonNode archived = parsed.get(0);
        assertThat(archived.get("archivedAt").isNull()).isFalse();
        assertThat(archived.get("hash").asString())
                .isEqualTo(((dev.allocator.model.message.Event.CompactAllocated)
                                compacts.get(1).event())
                        .claimHash()
                        .value());
        assertThat(archived.get("compact").get("witnessTypeString").isNull()).isFalse();
        assertThat(parsed.get(1).get("archivedAt").isNull()).isTrue();
        for (JsonNode line : parsed) {
            assertThat(line.get("chainId").asString()).isEqualTo("10");
            assertThat(line.get("digest").asString()).matches("0x[0-9a-f]{64}");
            assertThat(line.get("signature").asString()).matches("0x[0-9a-f]{128}");
            assertThat(line.get("sessionId").asString()).isEqualTo("s-1");
            assertThat(line.get("nonceAssigned").asBoolean()).isTrue();
            assertThat(line.get("sponsorSequence").asLong()).isPositive();
        }

        Path sidecar = dir.resolve("compacts.jsonl.sha256");
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(Files.readString(sidecar)).isEqualTo(sha256 + "  compacts.jsonl\n");
        assertThat(run.out()).contains("Wrote 3 compacts").contains("1 of them from read_model_archive.compacts");
        assertThat(sha256sumCheck(sidecar)).isZero();

        // A changed byte fails the check: the sidecar protects the content.
        Files.writeString(file, lines.get(0).replace("\"10\"", "\"11\"") + "\n");
        assertThat(sha256sumCheck(sidecar)).isNotZero();
    }

    @Test
    void refusesAnExistingFileUnlessForced() throws Exception {
        Path file = dir.resolve("compacts.jsonl");
        Files.writeString(file, "keep me\n");

        Run refused = archive("--before", DATE, "--to", file.toString());

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains(file.toString()).contains("exists").contains("--force");
        assertThat(Files.readString(file)).isEqualTo("keep me\n");
        assertThat(dir.resolve("compacts.jsonl.sha256")).doesNotExist();
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(file);
        }

        Run forced = archive("--before", DATE, "--to", file.toString(), "--force");

        assertThat(forced.status()).as(forced.err()).isZero();
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(sha256sumCheck(dir.resolve("compacts.jsonl.sha256"))).isZero();
    }

    @Test
    void anInstantCutoffAndAnEmptyResultAreFine() throws Exception {
        Path file = dir.resolve("none.jsonl");

        Run run = archive("--before", "2025-12-31T23:59:59Z", "--to", file.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.size(file)).isZero();
        assertThat(sha256sumCheck(dir.resolve("none.jsonl.sha256"))).isZero();
    }

    @Test
    void aBadDateIsAUsageErrorThatSaysWhatADateLooksLike() {
        Path file = dir.resolve("compacts.jsonl");

        Run run = archive("--before", "01/03/2026", "--to", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--before").contains("2026-01-31").contains("01/03/2026");
        assertThat(file).doesNotExist();
    }

    @Test
    void missingOptionsAreUsageErrorsAndHelpWorks() {
        assertThat(archive("--to", dir.resolve("x").toString()).status()).isEqualTo(2);
        assertThat(archive("--before", DATE).status()).isEqualTo(2);
        assertThat(archive("--before", DATE, "--to", "x", "--bogus").status()).isEqualTo(2);
        Run help = archive("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--before=DATE").contains("ALLOCATOR_ARCHIVE_BEFORE");
    }

    private Run archive(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--database-url", url, "--database-user", "postgres", "--database-password", "postgres"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ArchiveCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int status = command.execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {}

    private EventEnvelope compact(long expires, Instant at, boolean witness) {
        return sponsor.compactAllocated(
                "s-1", ChainId.of(10), SponsorHistory.LOCK, Uint256.of(7), expires, witness, at);
    }

    private static String expires(EventEnvelope compact) {
        return ((dev.allocator.model.message.Event.CompactAllocated) compact.event())
                .compact()
                .expires()
                .toString();
    }

    /** {@code sha256sum -c} run where the file is, as the operator would. */
    private int sha256sumCheck(Path sidecar) throws Exception {
        Process process = new ProcessBuilder(
                        "sha256sum", "-c", sidecar.getFileName().toString())
                .directory(sidecar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}

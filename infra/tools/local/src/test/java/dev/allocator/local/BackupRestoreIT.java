package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.it.CompactRequests;
import dev.allocator.command.it.Http;
import dev.allocator.command.it.Wallet;
import dev.allocator.local.backup.BackupCommand;
import dev.allocator.local.backup.RestoreCommand;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backup and restore end to end: a workload on the local stack (sign-ins, compacts with assigned
 * and explicit nonces, an idempotent request), a backup of the running broker and one of the
 * stopped data directory, a restore into a fresh data directory and the stack started there: every
 * compact readable, no nonce reusable, the same allocated balance, the same idempotent answer, a
 * new compact signed. A corrupted, a truncated and a second restore into a full target are refused.
 */
class BackupRestoreIT {
    static final ChainId CHAIN = ChainId.of(10);
    /** What the operator keeps apart from the log backup: the allocator key and the token secrets. */
    static final List<String> SECRETS = List.of("allocator.key", "session-token.secret", "session-nonce.secret");

    @Test
    void restoresAWorkloadIntoAFreshDataDirectoryAndRefusesBrokenBackups() throws Exception {
        LocalOptions original = TestOptions.onFreePorts();
        Wallet alice = new Wallet(SigningKey.generate(new SecureRandom()));
        Wallet bob = new Wallet(SigningKey.generate(new SecureRandom()));
        long expires = Instant.now().getEpochSecond() + 3600;
        Map<String, String> aliceSession;
        Map<String, String> bobSession;
        List<String> hashes = new ArrayList<>();
        String idempotentHash;
        String allocatedBefore;
        Path dir = Files.createTempDirectory("allocator-backup");
        Path live = dir.resolve("live.zip");
        Path stopped = dir.resolve("stopped.zip");

        try (LocalAllocator stack = new LocalAllocator().start(original)) {
            String api = stack.apiUrl();
            aliceSession = Map.of("x-session-id", signIn(api, alice));
            bobSession = Map.of("x-session-id", signIn(api, bob));
            LockId aliceLock = DevLedger.fund(stack, alice.address(), 1, "1000");
            LockId bobLock = DevLedger.fund(stack, bob.address(), 2, "500");

            hashes.add(allocate(api, alice, null, expires, aliceLock, "400", aliceSession));
            hashes.add(allocate(api, alice, nonce(alice, 7), expires, aliceLock, "100", aliceSession));
            Http.Response idempotent = post(
                    api + "/compact",
                    CompactRequests.body(alice.address(), null, expires, aliceLock, "50", CHAIN),
                    with(aliceSession, "Idempotency-Key", "order-1"));
            assertThat(idempotent.status()).as(idempotent.raw()).isEqualTo(200);
            idempotentHash = idempotent.body().get("hash").asString();
            hashes.add(idempotentHash);
            hashes.add(allocate(api, bob, nonce(bob, 3), expires, bobLock, "200", bobSession));
            allocatedBefore = awaitAllocated(api, aliceLock, aliceSession, "550");

            Result backup = run(
                    new BackupCommand(),
                    "--to",
                    live.toString(),
                    "--bootstrap-servers",
                    "127.0.0.1:" + original.kafkaPort());
            assertThat(backup.code()).as(backup.err()).isZero();
            assertThat(backup.out()).contains("allocator.events (12 partitions)", "allocator.audit");
        }
        Result backup = run(
                new BackupCommand(),
                "--to",
                stopped.toString(),
                "--data-dir",
                original.dataDir().toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        List<String> events = eventLines(live);
        assertThat(events)
                .as("two sign-ins and four compacts, and a late decision's event if a 503 was retried")
                .hasSizeGreaterThanOrEqualTo(2 + 4);
        assertThat(eventLines(stopped))
                .as("the stopped directory holds the log the running broker gave")
                .isEqualTo(events);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("written beside the target and moved into place")
                .containsExactlyInAnyOrder("live.zip", "stopped.zip");

        LocalOptions restored = TestOptions.onFreePorts();
        Path corrupted = dir.resolve("corrupted.zip");
        Files.write(corrupted, flipAByteInsideTheEvents(Files.readAllBytes(stopped)));
        Result refused = run(
                new RestoreCommand(),
                "--from",
                corrupted.toString(),
                "--data-dir",
                restored.dataDir().toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("Restore refused: ", "is corrupted", "Nothing was restored");
        Path truncated = dir.resolve("truncated.zip");
        byte[] whole = Files.readAllBytes(stopped);
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 100));
        refused = run(
                new RestoreCommand(),
                "--from",
                truncated.toString(),
                "--data-dir",
                restored.dataDir().toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("is truncated or not a backup");
        assertThat(restored.dataDir().resolve("kafka")).as("nothing written").doesNotExist();

        // The operator restores the secrets from where they keep them, then the log.
        for (String secret : SECRETS) {
            Files.copy(original.dataDir().resolve(secret), restored.dataDir().resolve(secret));
        }
        Result restore = run(
                new RestoreCommand(),
                "--from",
                stopped.toString(),
                "--data-dir",
                restored.dataDir().toString());
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out())
                .contains("verified", "Restored allocator.events: " + events.size() + " records", "Restore complete");
        Result again = run(
                new RestoreCommand(),
                "--from",
                stopped.toString(),
                "--data-dir",
                restored.dataDir().toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("the target is not empty: allocator.events holds");

        try (LocalAllocator stack = new LocalAllocator().start(restored)) {
            String api = stack.apiUrl();
            for (String hash : hashes.subList(0, 3)) {
                assertThat(awaitCompact(api, hash, aliceSession).status()).isEqualTo(200);
            }
            assertThat(awaitCompact(api, hashes.get(3), bobSession).status()).isEqualTo(200);
            // The deposits are the chain's, not the log's: the stand-in starts empty.
            LockId aliceLock = DevLedger.fund(stack, alice.address(), 1, "1000");
            LockId bobLock = DevLedger.fund(stack, bob.address(), 2, "500");
            assertThat(awaitAllocated(api, aliceLock, aliceSession, allocatedBefore))
                    .isEqualTo(allocatedBefore);

            for (String used : List.of(nonce(alice, 0), nonce(alice, 7), nonce(alice, 1))) {
                Http.Response reused = post(
                        api + "/compact",
                        CompactRequests.body(alice.address(), used, expires, aliceLock, "1", CHAIN),
                        aliceSession);
                assertThat(reused.status()).as(used + ": " + reused.raw()).isEqualTo(400);
                assertThat(reused.error()).isEqualTo("Nonce has already been used");
            }
            Http.Response bobReused = post(
                    api + "/compact",
                    CompactRequests.body(bob.address(), nonce(bob, 3), expires, bobLock, "1", CHAIN),
                    bobSession);
            assertThat(bobReused.error()).isEqualTo("Nonce has already been used");

            Http.Response repeated = post(
                    api + "/compact",
                    CompactRequests.body(alice.address(), null, expires, aliceLock, "50", CHAIN),
                    with(aliceSession, "Idempotency-Key", "order-1"));
            assertThat(repeated.status()).as(repeated.raw()).isEqualTo(200);
            assertThat(repeated.body().get("hash").asString()).isEqualTo(idempotentHash);

            Http.Response over = post(
                    api + "/compact",
                    CompactRequests.body(alice.address(), null, expires, aliceLock, "451", CHAIN),
                    aliceSession);
            assertThat(over.error())
                    .as("the processor's totals came back with the state")
                    .isEqualTo("Insufficient allocatable balance (have 1000, need 1001)");
            Http.Response fresh = post(
                    api + "/compact",
                    CompactRequests.body(alice.address(), null, expires, aliceLock, "450", CHAIN),
                    with(aliceSession, "Idempotency-Key", "after-restore"));
            assertThat(fresh.status()).as(fresh.raw()).isEqualTo(200);
            assertThat(fresh.body().get("nonce").asString()).isEqualTo(nonce(alice, 2));
        }
    }

    private static String allocate(
            String api,
            Wallet wallet,
            String nonce,
            long expires,
            LockId lock,
            String amount,
            Map<String, String> session) {
        Http.Response response = post(
                api + "/compact",
                CompactRequests.body(wallet.address(), nonce, expires, lock, amount, CHAIN),
                with(session, "Idempotency-Key", "workload-" + amount));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().get("hash").asString();
    }

    /**
     * The answer once it is not 503: a stack just started on a busy machine may take longer than
     * the reply timeout for its first decisions. Safe to repeat: every allocating request here
     * carries an Idempotency-Key, and a sign-in starts afresh.
     */
    private static Http.Response post(String url, ObjectNode body, Map<String, String> headers) {
        Http.Response response = Http.post(url, body, headers);
        for (int attempt = 1; attempt < 4 && response.status() == 503; attempt++) {
            response = Http.post(url, body, headers);
        }
        return response;
    }

    private static String signIn(String api, Wallet wallet) {
        Http.Response response = wallet.trySignIn(api, CHAIN);
        for (int attempt = 1; attempt < 4 && response.status() == 503; attempt++) {
            response = wallet.trySignIn(api, CHAIN);
        }
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().get("session").get("id").asString();
    }

    private static String nonce(Wallet wallet, long fragment) {
        return new Nonce(wallet.address(), BigInteger.valueOf(fragment)).toString();
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    /** The compact once the projector has it (it reads the events asynchronously). */
    private static Http.Response awaitCompact(String api, String hash, Map<String, String> session)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Http.Response response;
        do {
            response = Http.get(api + "/compact/" + CHAIN + "/" + hash, session);
            if (response.status() == 200) {
                return response;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("compact " + hash + " not readable within 30 s: " + response.raw());
    }

    /** The lock's allocated balance once it reaches {@code expected}, else the last one seen. */
    private static String awaitAllocated(String api, LockId lock, Map<String, String> session, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String allocated = null;
        while (System.nanoTime() < deadline) {
            Http.Response balance = Http.get(api + "/balance/" + CHAIN + "/" + lock, session);
            if (balance.status() == 200) {
                allocated = balance.body().get("allocatedBalance").asString();
                if (allocated.equals(expected)) {
                    return allocated;
                }
            }
            Thread.sleep(200);
        }
        return allocated;
    }

    /** Every events record's key, value and timestamp, in partition and log order. */
    private static List<String> eventLines(Path backup) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            List<? extends ZipEntry> entries = zip.stream()
                    .filter(e -> e.getName().startsWith("topics/allocator.events/"))
                    .sorted(Comparator.comparing(ZipEntry::getName))
                    .toList();
            for (ZipEntry entry : entries) {
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                for (String line : text.lines().toList()) {
                    ObjectNode node = (ObjectNode) Http.JSON.readTree(line);
                    node.remove("offset");
                    lines.add(node.toString());
                }
            }
        }
        return lines;
    }

    /** One bit changed in the middle of the largest events file's compressed bytes. */
    private static byte[] flipAByteInsideTheEvents(byte[] backup) throws Exception {
        Path temp = Files.createTempFile("backup", ".zip");
        Files.write(temp, backup);
        ZipEntry largest;
        try (ZipFile zip = new ZipFile(temp.toFile())) {
            largest = zip.stream()
                    .filter(e -> e.getName().startsWith("topics/allocator.events/"))
                    .max(Comparator.comparingLong(ZipEntry::getCompressedSize))
                    .orElseThrow();
        }
        byte[] name = largest.getName().getBytes(StandardCharsets.UTF_8);
        int header = indexOf(backup, name);
        int extra = (backup[header - 2] & 0xff) | (backup[header - 1] & 0xff) << 8;
        int position = header + name.length + extra + (int) largest.getCompressedSize() / 2;
        byte[] copy = backup.clone();
        copy[position] ^= 0x01;
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("entry name not found");
    }

    record Result(int code, String out, String err) {}

    private static Result run(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}

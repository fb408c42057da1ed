package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditCodec;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.control.ControlCodec;
import dev.allocator.model.control.ControlEvent;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.KeyAdministration;
import dev.allocator.security.Role;
import dev.allocator.security.otp.Totp;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The signing kill switch on a real broker with two instances: a pause through one refuses
 * compacts on both (the processor refuses, not only the HTTP tier), writes no event, leaves
 * sign-ins working and health serving; a compact in flight during the pause is signed before it
 * or refused, never after; only operators (with their second factor) may pause, and every pause
 * and resume is audited.
 */
@ExtendWith(KafkaBroker.class)
class SigningPauseIT {
    private static final String NAMESPACE = "signing";

    static CommandStack stack;
    static CommandInstance a;
    static CommandInstance b;
    static String operator;
    static String auditor;

    @BeforeAll
    static void start() throws InterruptedException {
        stack = CommandStack.start(NAMESPACE, 2);
        a = stack.instances().get(0);
        b = stack.instances().get(1);
        // The second instance's start moved partitions away from the first: let both settle.
        for (CommandInstance instance : stack.instances()) {
            assertThat(instance.bean(SponsorProcessorRunner.class).awaitRunning(Duration.ofSeconds(120)))
                    .isTrue();
        }
        operator = a.createKey(Role.OPERATOR);
        auditor = a.createKey(Role.AUDITOR);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Each test starts from signing active on both instances. */
    @AfterEach
    void resume() {
        Http.Response resumed = Http.post(a.baseUrl() + "/admin/signing/resume", "", key(operator));
        assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
        awaitPaused(b, false);
    }

    @Test
    void pauseThroughOneInstanceRefusesCompactsOnBothUntilResumed() {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        LockId lock = stack.fund(wallet.address(), 1, "1000000");
        String token = signIn(wallet);
        assertThat(compact(a, wallet, token, lock).status()).isEqualTo(200);

        Http.Response paused = Http.post(
                a.baseUrl() + "/admin/signing/pause", Map.of("reason", "Incident 42: key audit"), key(operator));

        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        assertThat(paused.body().path("paused").asBoolean()).isTrue();
        assertThat(paused.body().path("changed").asBoolean()).isTrue();
        assertThat(paused.body().path("reason").asString()).isEqualTo("Incident 42: key audit");
        assertThat(paused.body().path("by").asString()).isEqualTo(keyId(operator));
        // Read your write: the answer came after this instance applied it.
        assertThat(Http.get(a.baseUrl() + "/admin/signing", key(auditor))
                        .body()
                        .path("paused")
                        .asBoolean())
                .isTrue();

        Http.Response refused = compact(a, wallet, token, lock);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        assertThat(refused.body().path("code").asString()).isEqualTo("SIGNING_PAUSED");
        assertThat(refused.body().path("error").asString()).startsWith("Signing is paused by the operator");
        assertThat(refused.headers().allValues("Retry-After")).containsExactly("30");

        awaitPaused(b, true);
        // The processor itself refuses: a command sent past the HTTP tier's check.
        SessionToken session =
                b.bean(SessionTokens.class).verify(token, Instant.now()).orElseThrow();
        Command.AllocateCompact direct = new Command.AllocateCompact(
                session.sessionId(),
                CommandInstance.CHAIN,
                new Compact(
                        Address.of(CompactRequests.ARBITER),
                        wallet.address(),
                        null,
                        Uint256.of(Instant.now().getEpochSecond() + 600),
                        lock,
                        Uint256.ONE,
                        null,
                        null),
                new LockSnapshot(
                        CommandInstance.CHAIN,
                        lock,
                        wallet.address(),
                        Uint256.of(CommandInstance.ALLOCATOR_ID),
                        2,
                        Uint256.parse("1000000"),
                        0,
                        Uint256.ZERO,
                        List.of(),
                        Instant.now().minusSeconds(1)),
                null);
        assertThat(b.bean(CommandGateway.class).send(direct, Instant.now()))
                .isInstanceOfSatisfying(
                        Reply.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.SIGNING_PAUSED));
        Http.Response refusedByB = compact(b, wallet, token, lock);
        assertThat(refusedByB.status()).as(refusedByB.raw()).isEqualTo(503);
        assertThat(refusedByB.body().path("code").asString()).isEqualTo("SIGNING_PAUSED");

        // Sessions and health go on.
        Wallet newcomer = new Wallet(SigningKey.generate(new SecureRandom()));
        assertThat(newcomer.trySignIn(b.baseUrl(), CommandInstance.CHAIN).status())
                .isEqualTo(200);
        Http.Response health = Http.get(a.baseUrl() + "/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("signing").asString()).isEqualTo("paused");
        Http.Response actuator = Http.get(a.baseUrl() + "/actuator/health", Map.of());
        assertThat(actuator.status()).as(actuator.raw()).isEqualTo(200);
        assertThat(actuator.body().at("/components/signing/status").asString()).isEqualTo("PAUSED");
        assertThat(Http.get(a.baseUrl() + "/actuator/health/readiness", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(Http.get(a.baseUrl() + "/actuator/prometheus", Map.of()).raw())
                .contains("# HELP allocator_signing_paused")
                .containsPattern("allocator_signing_paused(\\{[^}]*\\})? 1\\.0");

        // Pausing again changes nothing and writes nothing.
        Http.Response again = Http.post(a.baseUrl() + "/admin/signing/pause", "", key(operator));
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.body().path("changed").asBoolean()).isFalse();
        assertThat(again.body().path("reason").asString()).isEqualTo("Incident 42: key audit");

        Http.Response resumed = Http.post(b.baseUrl() + "/admin/signing/resume", "", key(operator));
        assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
        assertThat(resumed.body().path("paused").asBoolean()).isFalse();
        awaitPaused(a, false);
        assertThat(compact(a, wallet, token, lock).status()).isEqualTo(200);

        // Two signed compacts, nothing for the three refusals.
        assertThat(stack.events(wallet.address()).stream().filter(e -> e.event() instanceof Event.CompactAllocated))
                .hasSize(2);
        List<ControlEvent> control = controlEvents();
        assertThat(control.subList(control.size() - 2, control.size()))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SigningPaused", "SigningResumed");
        List<AuditRecord> audit = auditRecords(keyId(operator), 2);
        assertThat(audit)
                .filteredOn(r -> r.action() == AuditAction.SIGNING_PAUSED && r.outcome() == AuditOutcome.SUCCESS)
                .extracting(r -> r.details().get("changed"))
                .containsSubsequence("true", "false");
        assertThat(audit)
                .filteredOn(r -> r.action() == AuditAction.SIGNING_RESUMED)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(AuditOutcome.SUCCESS));
    }

    @Test
    void onlyOperatorsMayPauseAndAKeyWithASecondFactorNeedsItsCode() {
        Http.Response byAuditor = Http.post(a.baseUrl() + "/admin/signing/pause", "", key(auditor));
        assertThat(byAuditor.status()).as(byAuditor.raw()).isEqualTo(403);
        assertThat(byAuditor.body().path("code").asString()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(Http.post(a.baseUrl() + "/admin/signing/pause", "", Map.of()).status())
                .isEqualTo(401);
        assertThat(Http.get(a.baseUrl() + "/admin/signing", Map.of()).status()).isEqualTo(401);

        Http.Response unknownField =
                Http.post(a.baseUrl() + "/admin/signing/pause", Map.of("reasons", "x"), key(operator));
        assertThat(unknownField.status()).as(unknownField.raw()).isEqualTo(400);
        assertThat(unknownField.body().path("code").asString()).isEqualTo("INVALID_SIGNING_REQUEST");
        Http.Response tooLong =
                Http.post(a.baseUrl() + "/admin/signing/pause", Map.of("reason", "x".repeat(501)), key(operator));
        assertThat(tooLong.status()).as(tooLong.raw()).isEqualTo(400);

        KeyAdministration.Created withOtp = new KeyAdministration(
                        a.bean(ApiKeyStore.class), Clock.systemUTC(), new SecureRandom())
                .create(Role.OPERATOR, null, true, "signing-it");
        Map<String, String> otpKey = key(withOtp.key().text());
        Http.Response withoutCode = Http.post(a.baseUrl() + "/admin/signing/pause", "", otpKey);
        assertThat(withoutCode.status()).as(withoutCode.raw()).isEqualTo(401);
        assertThat(withoutCode.body().path("code").asString()).isEqualTo("OTP_REQUIRED");
        assertThat(Http.get(a.baseUrl() + "/admin/signing", key(auditor))
                        .body()
                        .path("paused")
                        .asBoolean())
                .isFalse();

        String code = Totp.code(withOtp.stored().totpSecret(), Instant.now());
        Http.Response withCode = Http.post(
                a.baseUrl() + "/admin/signing/pause",
                "",
                Map.of("X-API-Key", withOtp.key().text(), "X-Admin-OTP", code));
        assertThat(withCode.status()).as(withCode.raw()).isEqualTo(200);
        assertThat(withCode.body().path("paused").asBoolean()).isTrue();

        List<AuditRecord> refusals = auditRecords(keyId(withOtp.key().text()), 2);
        assertThat(refusals)
                .extracting(AuditRecord::action, AuditRecord::outcome, AuditRecord::reason)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                AuditAction.SIGNING_PAUSED, AuditOutcome.REFUSED, "OTP_REQUIRED"),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.SIGNING_PAUSED, AuditOutcome.SUCCESS, null));
    }

    /**
     * Compacts keep arriving while the pause lands: each is signed (and its event written) or
     * refused; none that starts after the pause was answered is signed, and every signature
     * answered has its event and no event lacks its answer.
     */
    @Test
    void aCompactInFlightDuringThePauseIsSignedBeforeItOrRefused() throws Exception {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        LockId lock = stack.fund(wallet.address(), 2, "1000000000");
        String token = signIn(wallet);
        record Outcome(long startedNanos, int status, String code) {}
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong pausedAt = new AtomicLong(Long.MAX_VALUE);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            CommandInstance target = i % 2 == 0 ? a : b;
            clients.submit(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    Http.Response answer = compact(target, wallet, token, lock);
                    outcomes.add(new Outcome(
                            started, answer.status(), answer.body().path("code").asString()));
                }
                return null;
            });
        }
        long signingSeen = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outcomes.stream().noneMatch(o -> o.status() == 200) && System.nanoTime() < signingSeen) {
            Thread.sleep(50);
        }
        Http.Response paused = Http.post(a.baseUrl() + "/admin/signing/pause", "", key(operator));
        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        awaitPaused(b, true);
        pausedAt.set(System.nanoTime());
        Thread.sleep(1_500);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Outcome> all = List.copyOf(outcomes);
        assertThat(all).allSatisfy(o -> assertThat(o.status()).isIn(200, 503));
        // On a loaded machine a request may also be shed or go unconfirmed; nothing else.
        assertThat(all)
                .filteredOn(o -> o.status() == 503)
                .allSatisfy(o -> assertThat(o.code()).isIn("SIGNING_PAUSED", "DECISION_UNCONFIRMED", "OVERLOADED"));
        assertThat(all).filteredOn(o -> o.status() == 200).isNotEmpty();
        List<Outcome> afterPause =
                all.stream().filter(o -> o.startedNanos() > pausedAt.get()).toList();
        assertThat(afterPause)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(503));
        assertThat(afterPause).allSatisfy(o -> assertThat(o.code()).isEqualTo("SIGNING_PAUSED"));
        // Every answered signature has its event; only an unconfirmed request may have one unanswered.
        long signed = all.stream().filter(o -> o.status() == 200).count();
        long unconfirmed = all.stream()
                .filter(o -> "DECISION_UNCONFIRMED".equals(o.code()))
                .count();
        long events = stack.events(wallet.address()).stream()
                .filter(e -> e.event() instanceof Event.CompactAllocated)
                .count();
        assertThat(events).isBetween(signed, signed + unconfirmed);
    }

    private static Http.Response compact(CommandInstance instance, Wallet wallet, String token, LockId lock) {
        return Http.post(
                instance.baseUrl() + "/compact",
                CompactRequests.body(
                        wallet.address(), null, Instant.now().getEpochSecond() + 600, lock, "1", CommandInstance.CHAIN),
                Map.of("x-session-id", token));
    }

    /** Signs in through instance A, retrying a 503 (a decision not confirmed while partitions settle). */
    private static String signIn(Wallet wallet) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Http.Response answer = wallet.trySignIn(a.baseUrl(), CommandInstance.CHAIN);
        while (answer.status() == 503 && System.nanoTime() < deadline) {
            sleep(500);
            answer = wallet.trySignIn(a.baseUrl(), CommandInstance.CHAIN);
        }
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("session").get("id").asString();
    }

    private static Map<String, String> key(String apiKey) {
        return Map.of("X-API-Key", apiKey);
    }

    private static String keyId(String apiKey) {
        return dev.allocator.security.ApiKey.parse(apiKey).orElseThrow().keyId();
    }

    /** Waits until {@code instance} reports the given state (its processor read the control topic). */
    private static void awaitPaused(CommandInstance instance, boolean paused) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = Http.get(instance.baseUrl() + "/admin/signing", key(auditor))
                    .body();
            if (status.path("paused").asBoolean() == paused) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("instance did not report paused=" + paused + ": " + status);
    }

    private static List<ControlEvent> controlEvents() {
        ControlCodec codec = new ControlCodec();
        return read(NAMESPACE + ".control", ControlCodec.SIGNING_KEY, 1).stream()
                .map(r -> codec.decode(r.value()))
                .toList();
    }

    private static List<AuditRecord> auditRecords(String actorId, int atLeast) {
        AuditCodec codec = new AuditCodec();
        return read(NAMESPACE + ".audit", actorId, atLeast).stream()
                .map(r -> codec.decode(r.value()))
                .filter(r -> r.action() == AuditAction.SIGNING_PAUSED || r.action() == AuditAction.SIGNING_RESUMED)
                .toList();
    }

    /** A topic's records with the given key, waiting up to 20 s for at least {@code count}. */
    private static List<ConsumerRecord<String, byte[]>> read(String topic, String key, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            boolean caughtUp = false;
            while ((found.size() < count || !caughtUp) && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200));
                caughtUp = records.isEmpty();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

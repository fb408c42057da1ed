package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditCodec;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.model.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sign-in, a refused sign-in and sign-out each leave one record on the audit topic, keyed by the
 * sponsor, with the request id and the refusal's code, and none carries the token or the signature.
 */
@ExtendWith(KafkaBroker.class)
class AuditTrailIT {
    private static final AuditCodec CODEC = new AuditCodec();

    static CommandStack stack;

    @BeforeAll
    static void start() {
        stack = CommandStack.start("audit", 1);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void recordsSignInItsRefusalRefreshAndSignOutWithoutSecrets() {
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String api = stack.api();

        Http.Response payload = Http.get(
                api + "/session/" + CommandInstance.CHAIN + "/"
                        + wallet.address().checksummed(),
                Map.of());
        ObjectNode forged = wallet.signedBody(payload.body().get("session"));
        String goodSignature = forged.get("signature").asString();
        // Someone else's signature over the same payload.
        ObjectNode byAnother = new Wallet(SigningKey.generate(new SecureRandom()))
                .signedBody(payload.body().get("session"));
        Http.Response refused = Http.post(api + "/session", byAnother, Map.of("X-Request-Id", "audit-it-refused"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);

        Http.Response signedIn = Http.post(api + "/session", forged, Map.of("X-Request-Id", "audit-it-sign-in"));
        assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
        String first = signedIn.body().at("/session/id").asString();
        Http.Response refreshed = Http.post(
                api + "/session/refresh", "", Map.of("x-session-id", first, "X-Request-Id", "audit-it-refresh"));
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        String token = refreshed.body().at("/session/id").asString();

        Http.Response signedOut =
                Http.delete(api + "/session", Map.of("x-session-id", token, "X-Request-Id", "audit-it-sign-out"));
        assertThat(signedOut.status()).as(signedOut.raw()).isEqualTo(200);

        String sponsor = wallet.address().lowercase();
        List<ConsumerRecord<String, byte[]>> raw = awaitRecords(sponsor, 4);
        List<AuditRecord> records =
                raw.stream().map(r -> CODEC.decode(r.value())).toList();

        assertThat(records)
                .extracting(AuditRecord::action, AuditRecord::outcome, AuditRecord::reason, AuditRecord::requestId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                AuditAction.SIGN_IN_FAILED,
                                AuditOutcome.REFUSED,
                                "INVALID_SIGNATURE",
                                "audit-it-refused"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditAction.SIGN_IN, AuditOutcome.SUCCESS, null, "audit-it-sign-in"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditAction.SESSION_REFRESHED, AuditOutcome.SUCCESS, null, "audit-it-refresh"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditAction.SIGN_OUT, AuditOutcome.SUCCESS, null, "audit-it-sign-out"));
        assertThat(records).allSatisfy(r -> assertThat(r.actor()).isEqualTo(new Actor(Actor.Kind.SPONSOR, sponsor)));
        assertThat(records.get(0).details()).containsEntry("chainId", CommandInstance.CHAIN.toString());
        assertThat(records.get(1).details()).containsEntry("chainId", CommandInstance.CHAIN.toString());
        for (ConsumerRecord<String, byte[]> record : raw) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(record.key()).isEqualTo(sponsor);
            assertThat(text)
                    .doesNotContain(token)
                    .doesNotContain(first)
                    .doesNotContain(goodSignature.substring(2))
                    .doesNotContain(byAnother.get("signature").asString().substring(2))
                    .doesNotContain(payload.body().at("/session/nonce").asString());
        }
    }

    @Test
    void aSignInThatCannotBeReadIsRecordedAgainstTheClientAddress() {
        Http.Response refused = Http.post(
                stack.api() + "/session", Map.of("payload", Map.of()), Map.of("X-Request-Id", "audit-it-unreadable"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);

        List<AuditRecord> records = awaitRecords("127.0.0.1", 1).stream()
                .map(r -> CODEC.decode(r.value()))
                .filter(r -> "audit-it-unreadable".equals(r.requestId()))
                .toList();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(AuditAction.SIGN_IN_FAILED);
            assertThat(r.actor().kind()).isEqualTo(Actor.Kind.CLIENT_IP);
            assertThat(r.reason()).isEqualTo("INVALID_SESSION_PAYLOAD");
        });
    }

    /** The audit topic's records with the given key, waiting up to 20 s for at least {@code count}. */
    private static List<ConsumerRecord<String, byte[]>> awaitRecords(String key, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = "audit.audit";
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            // Anything more that arrives shortly after would be a duplicate: read a little longer.
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    found.add(record);
                }
            }
            return found;
        }
    }
}

package dev.allocator.security.cli;

import dev.allocator.kafka.audit.AuditProperties;
import dev.allocator.kafka.audit.KafkaAuditLog;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.security.StoredKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code allocator.audit} records of {@code ./allocator keys}: {@code KEY_CREATED} and {@code
 * KEY_REVOKED}, by the actor {@link #ACTOR} (the command line holds no key of its own). A record
 * carries the key's id, role, expiry and whether a second factor is enrolled, never the key or the
 * TOTP secret.
 *
 * <p>The command waits for the broker's acknowledgement: unlike a request, nothing is slowed down
 * by it, and an operator should learn on the spot that the record is missing.
 */
final class KeyAudit {
    /** Who acts for every record of the command line: it authenticates with database access, not a key. */
    static final Actor ACTOR = Actor.clientIp("cli");

    static final String DEFAULT_TOPIC = "allocator.audit";
    static final String DEFAULT_LOCAL_KAFKA_PORT = "19092";

    /**
     * How long the broker may take to acknowledge (or, when away, to be found). KafkaAuditLog uses
     * it for max.block.ms and delivery.timeout.ms, so an unreachable broker fails within it.
     */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    private KeyAudit() {}

    /** Where the records go, or nowhere ({@code --no-audit}). */
    record Target(String bootstrapServers, String topic) {}

    /**
     * {@code --bootstrap-servers}, else {@code KAFKA_BOOTSTRAP_SERVERS} (as the services read it),
     * else the broker of {@code ./allocator local} on 127.0.0.1 ({@code ALLOCATOR_KAFKA_PORT},
     * default 19092); empty with {@code --no-audit}.
     */
    static Optional<Target> target(Map<String, String> options, boolean noAudit, Map<String, String> env) {
        if (noAudit) {
            return Optional.empty();
        }
        String servers = first(options.get("bootstrap-servers"), env.get("KAFKA_BOOTSTRAP_SERVERS"));
        if (servers == null) {
            servers = "127.0.0.1:" + first(env.get("ALLOCATOR_KAFKA_PORT"), DEFAULT_LOCAL_KAFKA_PORT);
        }
        String topic = first(options.get("audit-topic"), DEFAULT_TOPIC);
        return Optional.of(new Target(servers, topic));
    }

    static AuditRecord created(StoredKey key, Instant at) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("keyId", key.id());
        details.put("role", key.role().label());
        details.put("totp", key.totpEnrolled() ? "yes" : "no");
        if (key.expiresAt() != null) {
            details.put("expiresAt", key.expiresAt().toString());
        }
        osUser().ifPresent(user -> details.put("osUser", user));
        return AuditRecord.success(UUID.randomUUID(), at, AuditAction.KEY_CREATED, ACTOR, null, details);
    }

    static AuditRecord revoked(String keyId, Instant at) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("keyId", keyId);
        osUser().ifPresent(user -> details.put("osUser", user));
        return AuditRecord.success(UUID.randomUUID(), at, AuditAction.KEY_REVOKED, ACTOR, null, details);
    }

    /**
     * Writes one record and waits until the broker acknowledged it or it failed: empty when it is
     * on the topic, else why not.
     */
    static Optional<String> publish(Target target, AuditRecord record) {
        // KafkaAuditLog never reports to its caller; its counters tell how each record ended.
        MeterRegistry registry = new SimpleMeterRegistry();
        try {
            KafkaAuditLog log = new KafkaAuditLog(
                    new AuditProperties(true, target.topic(), target.bootstrapServers(), DELIVERY_TIMEOUT, 1),
                    registry);
            try {
                log.record(record);
            } finally {
                // close() waits for the sending thread, then flushes the producer: after it, the
                // record's callback has run. The sending thread may block DELIVERY_TIMEOUT on
                // metadata, and the flush may take that long again.
                log.close(DELIVERY_TIMEOUT.multipliedBy(2));
            }
        } catch (RuntimeException e) {
            return Optional.of("Kafka at " + target.bootstrapServers() + ": " + e.getMessage());
        }
        if (count(registry, "sent") >= 1) {
            return Optional.empty();
        }
        return Optional.of("Kafka at " + target.bootstrapServers() + " did not acknowledge it on " + target.topic()
                + " within " + DELIVERY_TIMEOUT.toSeconds() + " s (is the broker running and the topic there?)");
    }

    private static double count(MeterRegistry registry, String outcome) {
        var counter =
                registry.find("allocator.audit.records").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The operating-system account that ran the command, when it fits a detail value. */
    private static Optional<String> osUser() {
        String user = System.getProperty("user.name");
        if (user == null || user.isBlank()) {
            return Optional.empty();
        }
        String printable = user.replaceAll("[^\\x20-\\x7e]", "?");
        return Optional.of(printable.length() > 64 ? printable.substring(0, 64) : printable);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}

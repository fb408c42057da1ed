package dev.allocator.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.config.MessagingProperties;
import dev.allocator.kafka.audit.AuditProperties;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The retention of every topic the command service creates, as docs/operations.md "Retention" states it. */
class TopicRetentionTest {

    @Test
    void keepsEventsAuditControlAndDeadLettersForeverAndCommandsAndRepliesBriefly() {
        MessagingProperties messaging = new MessagingProperties(
                "localhost:9092",
                new MessagingProperties.Topics(
                        "allocator.commands",
                        "allocator.events",
                        "allocator.replies",
                        "allocator.control",
                        Duration.ofDays(1),
                        Duration.ofHours(1),
                        "allocator.events.dlt"),
                4,
                (short) 1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                "processor",
                "/tmp/state",
                1,
                Duration.ofMillis(10),
                Duration.ofMillis(5),
                Duration.ofSeconds(10));
        AuditProperties audit =
                new AuditProperties(true, "allocator.audit", "localhost:9092", Duration.ofSeconds(30), 10);

        Map<String, String> retention = CommandServiceConfiguration.topics(messaging, audit).stream()
                .collect(Collectors.toMap(NewTopic::name, t -> t.configs().get(TopicConfig.RETENTION_MS_CONFIG)));

        assertThat(retention)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "allocator.commands", Long.toString(Duration.ofDays(1).toMillis()),
                        "allocator.replies", Long.toString(Duration.ofHours(1).toMillis()),
                        "allocator.events", "-1",
                        "allocator.audit", "-1",
                        "allocator.control", "-1",
                        "allocator.events.dlt", "-1"));
    }
}

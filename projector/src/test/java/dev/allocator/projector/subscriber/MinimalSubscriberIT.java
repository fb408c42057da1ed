package dev.allocator.projector.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.projector.testing.EmbeddedBroker;
import dev.allocator.projector.testing.EventLog;
import dev.allocator.projector.testing.SponsorHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example of docs/subscribers.md against a real broker and transactional writes. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MinimalSubscriberIT {
    private static final Instant T0 = Instant.parse("2024-11-25T07:00:00Z");
    private final MessageCodec codec = new MessageCodec();

    @Test
    void appliesEachSponsorsEventsOnceInOrderAndNeverSeesAnAbortedOne() {
        String topic = "events-" + UUID.randomUUID();
        EmbeddedBroker.createTopics(topic);
        SponsorHistory alice = SponsorHistory.random();
        SponsorHistory bob = SponsorHistory.random();
        List<EventEnvelope> seen = new ArrayList<>();
        try (EventLog log = new EventLog(topic);
                MinimalSubscriber subscriber =
                        new MinimalSubscriber(EmbeddedBroker.bootstrapServers(), "example-" + topic, topic)) {
            EventEnvelope created = alice.sessionCreated("s-a", T0, T0.plusSeconds(3600));
            log.append(created, bob.sessionCreated("s-b", T0, T0.plusSeconds(3600)));
            log.appendAborted(SponsorHistory.random().sessionCreated("s-x", T0, T0.plusSeconds(3600)));
            log.append(created); // a redelivery, as a producer retry outside the allocator could cause
            log.append(alice.sessionRevoked("s-a", T0.plusSeconds(60)));

            awaitUntil(() -> {
                subscriber.poll(Duration.ofMillis(200), seen::add);
                return seen.size() >= 3;
            });
            subscriber.poll(Duration.ofMillis(500), seen::add);

            assertThat(seen)
                    .extracting(e -> e.sponsor() + "#" + e.sequence())
                    .containsExactlyInAnyOrder(alice.sponsor() + "#1", alice.sponsor() + "#2", bob.sponsor() + "#1");
            assertThat(seen.stream().filter(e -> e.sponsor().equals(alice.sponsor())))
                    .extracting(EventEnvelope::sequence)
                    .containsExactly(1L, 2L);
            assertThat(subscriber.stopped()).isEmpty();
        }
    }

    @Test
    void stopsAtAnEventTypeOrVersionItDoesNotKnowAndResumesThereAfterARestart() {
        String topic = "events-" + UUID.randomUUID();
        EmbeddedBroker.createTopics(topic);
        SponsorHistory carol = SponsorHistory.random();
        List<EventEnvelope> seen = new ArrayList<>();
        String group = "example-" + topic;
        try (EventLog log = new EventLog(topic)) {
            log.append(carol.sessionCreated("s-c", T0, T0.plusSeconds(3600)));
            long futureOffset = log.appendRaw(carol.sponsor().lowercase(), futureVersion(carol, 2))
                    .offset();
            carol.skip();
            log.append(carol.sessionRevoked("s-c", T0.plusSeconds(60)));

            try (MinimalSubscriber subscriber =
                    new MinimalSubscriber(EmbeddedBroker.bootstrapServers(), group, topic)) {
                awaitUntil(() -> {
                    subscriber.poll(Duration.ofMillis(200), seen::add);
                    return !subscriber.stopped().isEmpty();
                });
                subscriber.poll(Duration.ofMillis(500), seen::add);

                assertThat(seen).extracting(EventEnvelope::sequence).containsExactly(1L);
                assertThat(subscriber.stopped().values())
                        .singleElement()
                        .asString()
                        .contains("SessionRevoked version 99")
                        .contains("offset " + futureOffset);
            }
            // A restart (after the upgrade that would understand it) begins at the stopped record,
            // not after it: the committed position never passed it.
            try (MinimalSubscriber restarted = new MinimalSubscriber(EmbeddedBroker.bootstrapServers(), group, topic)) {
                awaitUntil(() -> {
                    restarted.poll(Duration.ofMillis(200), seen::add);
                    return !restarted.stopped().isEmpty();
                });
                assertThat(restarted.stopped().values())
                        .singleElement()
                        .asString()
                        .contains("offset " + futureOffset);
                assertThat(seen).extracting(EventEnvelope::sequence).containsExactly(1L);
            }
        }
    }

    /** A SessionRevoked as a future release might write it: schemaVersion 99. */
    private byte[] futureVersion(SponsorHistory sponsor, long sequence) {
        EventEnvelope today =
                sponsor.withSequence(sequence, new Event.SessionRevoked("s-c", sponsor.sponsor()), T0.plusSeconds(30));
        String json = new String(codec.encode(today), StandardCharsets.UTF_8);
        return json.replace("\"schemaVersion\":1", "\"schemaVersion\":99").getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
        }
    }
}

package dev.allocator.command.sponsor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.testing.SeededCases;
import dev.allocator.model.value.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The state the processor reaches is exactly the fold of the events it emitted, read back from
 * their JSON as the log holds them; backup and restore, the auditor's replay and re-partitioning
 * all rest on this. The same loop the processor runs ({@link DecisionLoop}) drives the commands.
 */
class SponsorStateFoldTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final ReplyCodec REPLIES = SponsorFixture.REPLIES;
    private static final int COMMANDS = 60;

    @Test
    void theStateIsTheFoldOfTheEventsItEmitted() {
        AtomicInteger answeredKeys = new AtomicInteger();
        AtomicInteger eventCount = new AtomicInteger();
        AtomicInteger refreshes = new AtomicInteger();
        SeededCases.forAll(200, random -> {
            SponsorFixture processor = new SponsorFixture();
            RandomCommands commands = new RandomCommands(random, 1 + random.nextInt(3));
            for (int i = 0; i < COMMANDS; i++) {
                CommandEnvelope command = commands.next();
                DecisionLoop.Handled handled = processor.loop.handle(command, processor.state);
                processor.emitted.addAll(handled.events());
                commands.observe(command, handled.reply().reply(), handled.events());
            }
            List<EventEnvelope> log = throughTheLog(processor.emitted);

            SponsorState folded = SponsorState.fold(log, new SortedMapView(), REPLIES);

            assertThat(folded.dump()).isEqualTo(processor.state.dump());
            assertThat(unionOfPerSponsorFolds(log, commands.sponsors())).isEqualTo(processor.state.dump());
            commands.assertAnswersRebuiltIn(folded, processor.loop);
            answeredKeys.addAndGet(commands.answeredKeys());
            eventCount.addAndGet(log.size());
            refreshes.addAndGet((int) log.stream()
                    .filter(e -> e.event() instanceof dev.allocator.model.message.Event.SessionRefreshed)
                    .count());
        });
        // The generator must reach the cases the property is about, not only rejections.
        assertThat(eventCount.get()).isGreaterThan(200 * COMMANDS / 4);
        assertThat(answeredKeys.get()).isGreaterThan(200);
        assertThat(refreshes.get()).isGreaterThan(100);
    }

    @Test
    void refusesToFoldASponsorsHistoryWithAGap() {
        SponsorFixture fixture = new SponsorFixture().givenSession();
        fixture.handle(
                SponsorFixture.allocate(
                        SponsorFixture.compact(null, SponsorFixture.T0.plusSeconds(600), "1"),
                        SponsorFixture.snapshot("10", SponsorFixture.T0)),
                SponsorFixture.T0);
        List<EventEnvelope> gap = List.of(fixture.emitted.get(1));

        assertThatThrownBy(() -> SponsorState.fold(gap, new SortedMapView(), REPLIES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("follows 0");
    }

    /** Each sponsor's events alone rebuild that sponsor's part: a sponsor can move to any partition. */
    private static SortedMap<String, String> unionOfPerSponsorFolds(List<EventEnvelope> log, List<Address> sponsors) {
        SortedMap<String, String> union = new TreeMap<>();
        for (Address sponsor : sponsors) {
            List<EventEnvelope> own =
                    log.stream().filter(e -> e.sponsor().equals(sponsor)).toList();
            SortedMap<String, String> part =
                    SponsorState.fold(own, new SortedMapView(), REPLIES).dump();
            part.forEach((key, value) -> assertThat(union.put(key, value))
                    .as("key %s written by two sponsors", key)
                    .isNull());
        }
        return union;
    }

    private static List<EventEnvelope> throughTheLog(List<EventEnvelope> emitted) {
        List<EventEnvelope> read = new ArrayList<>(emitted.size());
        for (EventEnvelope event : emitted) {
            read.add(CODEC.decodeEvent(CODEC.encode(event)));
        }
        assertThat(read).isEqualTo(emitted);
        return read;
    }
}

package dev.allocator.projector.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.UnknownMessageException;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.projector.consumer.ProjectionPlanner.Candidate;
import dev.allocator.projector.consumer.ProjectionPlanner.DeadLetterReason;
import dev.allocator.projector.consumer.ProjectionPlanner.Plan;
import dev.allocator.projector.consumer.ProjectionPlanner.RecordId;
import dev.allocator.projector.consumer.ProjectionPlanner.Step;
import dev.allocator.projector.consumer.ProjectionPlanner.StopReason;
import dev.allocator.projector.projection.ReadModelBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The projector's per-record policy, given where the projection stands, when a batch arrives. */
class ProjectionPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Address ALICE = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final Address BOB = Address.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    private final Map<Address, Long> projected = new HashMap<>();
    private final Set<Integer> stopped = new HashSet<>();
    private final Map<RecordId, Exception> unstorable = new HashMap<>();
    private final List<Candidate> batch = new ArrayList<>();

    private void given(Address sponsor, long sequence) {
        projected.put(sponsor, sequence);
    }

    private Candidate arrives(int partition, long offset, Address sponsor, long sequence) {
        return arrives(partition, offset, sponsor, sequence, session(sponsor));
    }

    private Candidate arrives(int partition, long offset, Address sponsor, long sequence, Event event) {
        Candidate candidate = Candidate.readable(
                partition, offset, new EventEnvelope(UUID.randomUUID(), sponsor, sequence, T0, "r", event));
        batch.add(candidate);
        return candidate;
    }

    private Plan plan() {
        return ProjectionPlanner.plan(batch, projected, stopped, unstorable, ReadModelBatch::canApply);
    }

    private static Event session(Address sponsor) {
        return new Event.SessionCreated("s", sponsor, ChainId.of(10), "example", "n", T0, T0.plusSeconds(60));
    }

    @Nested
    class InOrder {
        @Test
        void appliesTheNextSequenceOfEverySponsorAndMovesPastIt() {
            given(ALICE, 3);
            arrives(0, 10, ALICE, 4);
            arrives(0, 11, BOB, 1);
            arrives(0, 12, ALICE, 5);

            Plan plan = plan();

            assertThat(plan.steps()).allMatch(step -> step instanceof Step.Apply);
            assertThat(plan.applied()).extracting(EventEnvelope::sequence).containsExactly(4L, 1L, 5L);
            assertThat(plan.positions()).isEqualTo(Map.of(0, 13L));
            assertThat(plan.sequences()).isEqualTo(Map.of(ALICE, 5L, BOB, 1L));
            assertThat(plan.stops()).isEmpty();
        }

        @Test
        void keepsEachPartitionsPositionApart() {
            arrives(0, 7, ALICE, 1);
            arrives(2, 40, BOB, 1);

            assertThat(plan().positions()).isEqualTo(Map.of(0, 8L, 2, 41L));
        }
    }

    @Nested
    class Duplicates {
        @Test
        void skipsASequenceAlreadyProjectedAndStillPassesIt() {
            given(ALICE, 2);
            arrives(1, 5, ALICE, 2);
            arrives(1, 6, ALICE, 3);

            Plan plan = plan();

            assertThat(plan.steps().get(0)).isEqualTo(new Step.SkipDuplicate(2));
            assertThat(plan.steps().get(1)).isInstanceOf(Step.Apply.class);
            assertThat(plan.positions()).isEqualTo(Map.of(1, 7L));
            assertThat(plan.sequences()).isEqualTo(Map.of(ALICE, 3L));
        }

        @Test
        void skipsARedeliveryWithinTheSameBatch() {
            arrives(0, 0, ALICE, 1);
            arrives(0, 1, ALICE, 1);

            assertThat(plan().steps().get(1)).isEqualTo(new Step.SkipDuplicate(1));
        }
    }

    @Nested
    class Gaps {
        @Test
        void stopsThePartitionAtTheGapAndHoldsEverythingAfterIt() {
            given(ALICE, 1);
            arrives(0, 3, BOB, 1);
            arrives(0, 4, ALICE, 3);
            arrives(0, 5, ALICE, 4);
            arrives(1, 9, Address.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906"), 1);

            Plan plan = plan();

            Step.Stop stop = (Step.Stop) plan.steps().get(1);
            assertThat(stop.reason()).isEqualTo(StopReason.SEQUENCE_GAP);
            assertThat(stop.detail())
                    .contains("sequence gap")
                    .contains("expected 2, got 3")
                    .contains("offset 4");
            assertThat(plan.steps().get(2)).isEqualTo(new Step.Held());
            assertThat(plan.steps().get(3)).isInstanceOf(Step.Apply.class);
            assertThat(plan.positions()).as("the position stays on the gap").isEqualTo(Map.of(0, 4L, 1, 10L));
            assertThat(plan.stops()).containsOnlyKeys(0);
            assertThat(plan.sequences()).doesNotContainKey(ALICE).containsEntry(BOB, 1L);
        }

        @Test
        void holdsEveryRecordOfAPartitionStoppedBefore() {
            stopped.add(0);
            arrives(0, 4, ALICE, 1);

            Plan plan = plan();

            assertThat(plan.steps()).containsExactly(new Step.Held());
            assertThat(plan.positions()).isEmpty();
            assertThat(plan.sequences()).isEmpty();
        }
    }

    @Nested
    class UnknownTypes {
        @Test
        void stopsThePartitionInsteadOfSkippingAnEventOfANewerWriter() {
            given(ALICE, 1);
            arrives(0, 2, ALICE, 2, new Event.UnknownEvent("CompactAllocatedV2", 1, "{}"));
            arrives(0, 3, ALICE, 3);

            Plan plan = plan();

            Step.Stop stop = (Step.Stop) plan.steps().get(0);
            assertThat(stop.reason()).isEqualTo(StopReason.UNKNOWN_EVENT_TYPE);
            assertThat(stop.detail()).contains("CompactAllocatedV2");
            assertThat(plan.steps().get(1)).isEqualTo(new Step.Held());
            assertThat(plan.positions()).isEqualTo(Map.of(0, 2L));
        }

        @Test
        void aGapBeforeAnUnknownTypeIsReportedAsTheGap() {
            arrives(0, 0, ALICE, 2, new Event.UnknownEvent("Future", 1, "{}"));

            assertThat(((Step.Stop) plan().steps().get(0)).reason()).isEqualTo(StopReason.SEQUENCE_GAP);
        }
    }

    @Nested
    class DeadLetters {
        @Test
        void parksAnUnreadableRecordAndPassesItWithoutTouchingAnySequence() {
            UnknownMessageException why = new UnknownMessageException("malformed");
            batch.add(Candidate.unreadable(0, 8, why));
            arrives(0, 9, ALICE, 1);

            Plan plan = plan();

            assertThat(plan.steps().get(0)).isEqualTo(new Step.DeadLetter(DeadLetterReason.UNREADABLE, why));
            assertThat(plan.steps().get(1)).isInstanceOf(Step.Apply.class);
            assertThat(plan.positions()).isEqualTo(Map.of(0, 10L));
        }

        @Test
        void parksAnUnstorableEventAndCountsItsSequenceSoTheNextIsNoGap() {
            given(ALICE, 1);
            arrives(0, 20, BOB, 1);
            Candidate bad = arrives(0, 21, ALICE, 2);
            arrives(0, 22, ALICE, 3);
            IllegalStateException fault = new IllegalStateException("22021 invalid byte sequence");
            unstorable.put(bad.id(), fault);

            Plan plan = plan();

            assertThat(plan.steps().get(0)).isInstanceOf(Step.Apply.class);
            assertThat(plan.steps().get(1)).isEqualTo(new Step.DeadLetter(DeadLetterReason.UNSTORABLE, fault));
            assertThat(plan.steps().get(2)).isInstanceOf(Step.Apply.class);
            assertThat(plan.applied()).extracting(EventEnvelope::sequence).containsExactly(1L, 3L);
            assertThat(plan.sequences()).isEqualTo(Map.of(ALICE, 3L, BOB, 1L));
            assertThat(plan.positions()).isEqualTo(Map.of(0, 23L));
        }

        @Test
        void aDuplicateOfAnUnstorableEventIsStillJustADuplicate() {
            given(ALICE, 2);
            Candidate again = arrives(0, 5, ALICE, 2);
            unstorable.put(again.id(), new IllegalStateException("refused"));

            assertThat(plan().steps()).containsExactly(new Step.SkipDuplicate(2));
        }

        @Test
        void anUnstorableEventAfterAGapIsHeldByTheGapNotParked() {
            Candidate gap = arrives(0, 5, ALICE, 2);
            unstorable.put(gap.id(), new IllegalStateException("refused"));

            assertThat(((Step.Stop) plan().steps().get(0)).reason()).isEqualTo(StopReason.SEQUENCE_GAP);
        }
    }

    /**
     * Property: for random interleavings of gap-free sponsor histories with redeliveries, every
     * sequence is applied exactly once, in order per sponsor, nothing stops, and every partition's
     * position ends after its last record. Replay a failure with the seed in the message.
     */
    @Test
    void appliesEverySequenceOnceAndInOrderWhateverTheRedeliveries() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            batch.clear();
            projected.clear();
            List<Address> sponsors = new ArrayList<>();
            Map<Address, Integer> partitionOf = new HashMap<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                byte[] bytes = new byte[20];
                random.nextBytes(bytes);
                Address sponsor = Address.ofBytes(bytes);
                sponsors.add(sponsor);
                partitionOf.put(sponsor, random.nextInt(3));
                long start = random.nextInt(3);
                if (start > 0) {
                    projected.put(sponsor, start);
                }
            }
            Map<Integer, Long> offsets = new HashMap<>();
            Map<Address, Long> next = new HashMap<>();
            for (int i = 0; i < 5 + random.nextInt(40); i++) {
                Address sponsor = sponsors.get(random.nextInt(sponsors.size()));
                long sequence = next.merge(sponsor, 1L, Long::sum);
                int partition = partitionOf.get(sponsor);
                long offset = offsets.merge(partition, 1L, Long::sum);
                arrives(partition, offset, sponsor, sequence);
                if (random.nextInt(5) == 0) {
                    arrives(partition, offsets.merge(partition, 1L, Long::sum), sponsor, sequence);
                }
            }
            Map<Address, Long> before = Map.copyOf(projected);

            Plan plan = plan();

            String replay = "seed " + seed + ", round " + round;
            assertThat(plan.stops()).as(replay).isEmpty();
            Map<Address, Long> last = new HashMap<>(before);
            for (EventEnvelope applied : plan.applied()) {
                long expected = last.getOrDefault(applied.sponsor(), 0L) + 1;
                assertThat(applied.sequence()).as(replay).isEqualTo(expected);
                last.put(applied.sponsor(), expected);
            }
            next.forEach((sponsor, max) -> assertThat(last.getOrDefault(sponsor, 0L))
                    .as(replay)
                    .isEqualTo(Math.max(max, before.getOrDefault(sponsor, 0L))));
            offsets.forEach((partition, offset) ->
                    assertThat(plan.positions()).as(replay).containsEntry(partition, offset + 1));
        }
    }
}

package dev.allocator.projector.consumer;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Event.UnknownEvent;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The projector's per-record policy as a pure function: the records of a batch, in log order, and
 * where the projection stands go in; what to do with each record, where each partition's position
 * ends and which sponsor sequences advance come out. No Kafka, no database: {@link
 * GenerationProjector} reads the standing inside its transaction, asks for a plan and carries it
 * out.
 *
 * <p>Per record, in log order:
 *
 * <ul>
 *   <li>on a partition that is stopped (before or earlier in this batch): held, not passed;
 *   <li>unreadable (the codec refused it): dead-lettered and passed; if it was a real event, the
 *       sponsor's next event shows a gap, so nothing is lost silently;
 *   <li>sequence at or below the sponsor's projected one: a duplicate, skipped and passed;
 *   <li>sequence above projected + 1: a gap; the partition stops at this record. Never skipped;
 *   <li>a type this projector cannot apply: stops the partition like a gap;
 *   <li>an event already proved unstorable (a data fault that outlived its retries): dead-lettered
 *       and passed, and its sequence counts as projected, so the sponsor's next event is no gap;
 *   <li>otherwise: applied.
 * </ul>
 */
final class ProjectionPlanner {
    private ProjectionPlanner() {}

    /**
     * Plans one batch.
     *
     * @param records the batch in log order (per partition, offsets ascending)
     * @param projected the last projected sequence of the batch's sponsors that have one
     * @param stopped partitions already stopped
     * @param unstorable records to dead-letter instead of applying, with the fault that condemned them
     * @param applicable the event types the read model knows how to apply
     */
    static Plan plan(
            List<Candidate> records,
            Map<Address, Long> projected,
            Set<Integer> stopped,
            Map<RecordId, Exception> unstorable,
            Predicate<Event> applicable) {
        Map<Address, Long> sequences = new HashMap<>(projected);
        Map<Address, Long> advanced = new LinkedHashMap<>();
        Map<Integer, Long> positions = new LinkedHashMap<>();
        Map<Integer, Step.Stop> stops = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>(records.size());
        for (Candidate record : records) {
            int partition = record.id().partition();
            if (stopped.contains(partition) || stops.containsKey(partition)) {
                steps.add(new Step.Held());
                continue;
            }
            Step step = decide(record, sequences, unstorable, applicable);
            steps.add(step);
            if (step instanceof Step.Stop stop) {
                stops.put(partition, stop);
                positions.put(partition, record.id().offset());
                continue;
            }
            positions.put(partition, record.id().offset() + 1);
            if (step instanceof Step.Apply
                    || (step instanceof Step.DeadLetter dead && dead.reason() == DeadLetterReason.UNSTORABLE)) {
                EventEnvelope envelope = record.envelope();
                sequences.put(envelope.sponsor(), envelope.sequence());
                advanced.put(envelope.sponsor(), envelope.sequence());
            }
        }
        return new Plan(List.copyOf(steps), Map.copyOf(positions), Map.copyOf(advanced), Map.copyOf(stops));
    }

    private static Step decide(
            Candidate record,
            Map<Address, Long> sequences,
            Map<RecordId, Exception> unstorable,
            Predicate<Event> applicable) {
        EventEnvelope envelope = record.envelope();
        if (envelope == null) {
            return new Step.DeadLetter(DeadLetterReason.UNREADABLE, record.unreadable());
        }
        long last = sequences.getOrDefault(envelope.sponsor(), 0L);
        if (envelope.sequence() <= last) {
            return new Step.SkipDuplicate(last);
        }
        if (envelope.sequence() != last + 1) {
            return new Step.Stop(
                    StopReason.SEQUENCE_GAP,
                    "sequence gap for sponsor " + envelope.sponsor().lowercase() + ": expected " + (last + 1) + ", got "
                            + envelope.sequence() + " (offset " + record.id().offset() + ")");
        }
        if (!applicable.test(envelope.event())) {
            return new Step.Stop(
                    StopReason.UNKNOWN_EVENT_TYPE,
                    "unknown event type " + typeName(envelope.event()) + " at sequence " + envelope.sequence()
                            + " of sponsor " + envelope.sponsor().lowercase() + " (offset "
                            + record.id().offset() + ")");
        }
        Exception fault = unstorable.get(record.id());
        if (fault != null) {
            return new Step.DeadLetter(DeadLetterReason.UNSTORABLE, fault);
        }
        return new Step.Apply(envelope);
    }

    private static String typeName(Event event) {
        return event instanceof UnknownEvent unknown
                ? unknown.type()
                : event.getClass().getSimpleName();
    }

    /** Where a record sits in the topic. */
    record RecordId(int partition, long offset) {}

    /**
     * One record of a batch: its envelope when the codec could read it, else why not.
     *
     * @param envelope the decoded event, or null when unreadable
     * @param unreadable why the codec refused it, or null when readable
     */
    record Candidate(RecordId id, EventEnvelope envelope, Exception unreadable) {
        Candidate {
            if ((envelope == null) == (unreadable == null)) {
                throw new IllegalArgumentException("a record is either readable or unreadable");
            }
        }

        static Candidate readable(int partition, long offset, EventEnvelope envelope) {
            return new Candidate(new RecordId(partition, offset), envelope, null);
        }

        static Candidate unreadable(int partition, long offset, Exception why) {
            return new Candidate(new RecordId(partition, offset), null, why);
        }
    }

    /** Why a partition stops; it stays stopped until the cause is fixed and the projector restarts. */
    enum StopReason {
        SEQUENCE_GAP,
        UNKNOWN_EVENT_TYPE
    }

    /** Why a record goes to the dead-letter topic instead of the read model. */
    enum DeadLetterReason {
        /** The codec cannot read it. */
        UNREADABLE,
        /** It reads, but the read model refused it on every attempt (a data fault). */
        UNSTORABLE;

        /** The value of the metric's {@code reason} tag. */
        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What happens to one record. */
    sealed interface Step {
        /** Written to the read model. */
        record Apply(EventEnvelope envelope) implements Step {}

        /** Already projected: passed without writing. */
        record SkipDuplicate(long projected) implements Step {}

        /** The partition stops at this record; the position stays on it. */
        record Stop(StopReason reason, String detail) implements Step {}

        /** Parked on the dead-letter topic and passed. */
        record DeadLetter(DeadLetterReason reason, Exception cause) implements Step {}

        /** Behind a stop on the same partition: neither applied nor passed. */
        record Held() implements Step {}
    }

    /**
     * The plan of one batch.
     *
     * @param steps one per record, in the order of the records
     * @param positions the next offset of every partition that had a record not held back
     * @param sequences the sponsors whose projected sequence advances, to what
     * @param stops the partitions that stop in this batch, and why
     */
    record Plan(
            List<Step> steps,
            Map<Integer, Long> positions,
            Map<Address, Long> sequences,
            Map<Integer, Step.Stop> stops) {

        /** The envelopes to write, in log order. */
        List<EventEnvelope> applied() {
            List<EventEnvelope> applied = new ArrayList<>();
            for (Step step : steps) {
                if (step instanceof Step.Apply apply) {
                    applied.add(apply.envelope());
                }
            }
            return applied;
        }
    }
}

package dev.allocator.projector.deadletter;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SESSIONS;
import static dev.allocator.readmodel.jooq.read_model.Tables.SPONSOR_SEQUENCES;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.message.Event.SessionCreated;
import dev.allocator.model.message.Event.SessionRefreshed;
import dev.allocator.model.message.Event.SessionRevoked;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.projector.consumer.GenerationProjector;
import dev.allocator.projector.projection.ProjectionState;
import dev.allocator.projector.projection.ReadModelBatch;
import dev.allocator.readmodel.ReadModelSchemas;
import dev.allocator.readmodel.ReadModelSchemas.Generation;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * Re-applies one dead-lettered event to the serving generation of the read model.
 *
 * <p>The live projector skips an event whose sequence is at or below its sponsor's projected one,
 * and an unstorable event's sequence counts as projected when it is parked: so a replay cannot go
 * through the projector's dedup and is made idempotent by the rows themselves instead. In one
 * transaction holding the generation's advisory lock (the one every projector batch takes):
 *
 * <ul>
 *   <li>already in the read model (the compact's claim, the session's row, the revocation):
 *       {@code already-applied}, nothing written;
 *   <li>its sequence is past the sponsor's next one: refused, earlier events are missing (replay
 *       them first, or rebuild);
 *   <li>it is the sponsor's next event (a record that could not be read when it was parked): applied,
 *       and the sponsor's sequence moves to it, as the projector would have done;
 *   <li>an older session creation or refresh while later events of the sponsor are projected:
 *       refused, because a later revocation of that session found no row then and would not be
 *       re-applied (a rebuild applies everything in order);
 *   <li>otherwise (a compact, whose rows do not depend on order; a revocation): applied.
 * </ul>
 *
 * A database refusal rolls the transaction back and answers {@code failed} with the database's
 * message; the entry stays listed with that error.
 */
public final class DeadLetterReplay {
    private final DataSource dataSource;
    private final DSLContext control;
    private final DeadLetterTopic topic;
    private final MessageCodec codec;
    private final String eventTopic;
    private final Clock clock;

    public DeadLetterReplay(
            DataSource dataSource,
            DSLContext control,
            DeadLetterTopic topic,
            MessageCodec codec,
            String eventTopic,
            Clock clock) {
        this.dataSource = dataSource;
        this.control = control;
        this.topic = topic;
        this.codec = codec;
        this.eventTopic = eventTopic;
        this.clock = clock;
    }

    /** How a replay ended. */
    public enum Outcome {
        APPLIED,
        ALREADY_APPLIED,
        FAILED,
        REFUSED;

        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The outcome, the generation it concerned, and why when it was not applied. */
    public record Result(DeadLetterId id, Outcome outcome, String generation, String detail) {}

    /** The listing: a page of entries after {@code after}, each with its last replay. */
    public Page list(DeadLetterId after, int limit) {
        List<ConsumerRecord<byte[], byte[]>> records = topic.page(after, limit);
        boolean more = records.size() > limit;
        List<ConsumerRecord<byte[], byte[]>> shown = more ? records.subList(0, limit) : records;
        List<DeadLetterId> ids = shown.stream()
                .map(record -> new DeadLetterId(record.partition(), record.offset()))
                .toList();
        Map<DeadLetterId, DeadLetter.Replay> replays = ReplayLog.of(control, ids);
        List<DeadLetter> entries = shown.stream()
                .map(record -> DeadLetter.of(record, codec)
                        .withReplay(replays.get(new DeadLetterId(record.partition(), record.offset()))))
                .toList();
        return new Page(entries, more ? ids.get(ids.size() - 1) : null);
    }

    /** One page of the listing; {@code next} is the cursor of the following page, or null. */
    public record Page(List<DeadLetter> entries, DeadLetterId next) {}

    /** The record at {@code id}, if the topic holds it. */
    public Optional<ConsumerRecord<byte[], byte[]>> find(DeadLetterId id) {
        return topic.find(id);
    }

    /** Replays the record (found by {@link #find}) and records the outcome under {@code actor}. */
    public Result replay(DeadLetterId id, ConsumerRecord<byte[], byte[]> record, String actor) {
        Generation generation = ReadModelSchemas.active(control)
                .orElseThrow(() -> new IllegalStateException("no read-model generation is active"));
        Result result = attempt(id, record, generation);
        ReplayLog.record(control, id, clock.instant(), result.outcome(), generation.schema(), result.detail(), actor);
        return result;
    }

    private Result attempt(DeadLetterId id, ConsumerRecord<byte[], byte[]> record, Generation generation) {
        String origin = DeadLetter.header(record, dev.allocator.projector.consumer.DeadLetters.ORIGINAL_TOPIC);
        if (origin != null && !origin.equals(eventTopic)) {
            return new Result(
                    id,
                    Outcome.REFUSED,
                    generation.schema(),
                    "only records of " + eventTopic + " are replayed; this one came from " + origin);
        }
        EventEnvelope envelope = DeadLetter.decode(record, codec);
        if (envelope == null) {
            return new Result(id, Outcome.FAILED, generation.schema(), "the record still cannot be read as an event");
        }
        Event event = envelope.event();
        if (!ReadModelBatch.canApply(event)) {
            return new Result(
                    id,
                    Outcome.FAILED,
                    generation.schema(),
                    "this projector cannot apply events of type " + typeName(event));
        }
        DSLContext dsl = ReadModelSchemas.dsl(dataSource, generation.schema());
        try {
            return dsl.transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                tx.select(DSL.field(
                                "pg_advisory_xact_lock({0})",
                                Object.class, DSL.val(GenerationProjector.advisoryLockKey(generation))))
                        .fetch();
                if (alreadyApplied(tx, event)) {
                    return new Result(id, Outcome.ALREADY_APPLIED, generation.schema(), null);
                }
                if (event instanceof SessionRevoked revoked
                        && !tx.fetchExists(SESSIONS, SESSIONS.SESSION_ID.eq(revoked.sessionId()))) {
                    return new Result(
                            id,
                            Outcome.FAILED,
                            generation.schema(),
                            "the revoked session is not in the read model; replay its creation first");
                }
                long last = tx.select(SPONSOR_SEQUENCES.LAST_SEQUENCE)
                        .from(SPONSOR_SEQUENCES)
                        .where(SPONSOR_SEQUENCES.SPONSOR.eq(envelope.sponsor().bytes()))
                        .fetchOptional(SPONSOR_SEQUENCES.LAST_SEQUENCE)
                        .orElse(0L);
                long sequence = envelope.sequence();
                if (sequence > last + 1) {
                    return new Result(
                            id,
                            Outcome.REFUSED,
                            generation.schema(),
                            "the sponsor's projected sequence is " + last + "; sequence " + sequence
                                    + " needs the events before it first");
                }
                boolean orderSensitive = event instanceof SessionCreated || event instanceof SessionRefreshed;
                if (orderSensitive && sequence < last) {
                    return new Result(
                            id,
                            Outcome.REFUSED,
                            generation.schema(),
                            "later events of the sponsor (up to sequence " + last + ") are projected; a session"
                                    + " event applied after them could undo a revocation. Rebuild the read model"
                                    + " instead (POST /admin/read-model/rebuild)");
                }
                ReadModelBatch batch = new ReadModelBatch();
                batch.on(envelope);
                List<Query> writes = batch.statements(tx);
                if (sequence == last + 1) {
                    writes.add(ProjectionState.writeSequences(tx, Map.of(envelope.sponsor(), sequence)));
                }
                tx.batch(writes).execute();
                return new Result(id, Outcome.APPLIED, generation.schema(), null);
            });
        } catch (RuntimeException refused) {
            return new Result(id, Outcome.FAILED, generation.schema(), rootMessage(refused));
        }
    }

    private static boolean alreadyApplied(DSLContext tx, Event event) {
        if (event instanceof CompactAllocated allocated) {
            return tx.fetchExists(
                    COMPACTS,
                    COMPACTS.CHAIN_ID
                            .eq(allocated.chainId().value())
                            .and(COMPACTS.CLAIM_HASH.eq(allocated.claimHash().bytes())));
        }
        if (event instanceof SessionCreated created) {
            return tx.fetchExists(SESSIONS, SESSIONS.SESSION_ID.eq(created.sessionId()));
        }
        if (event instanceof SessionRefreshed refreshed) {
            return tx.fetchExists(SESSIONS, SESSIONS.SESSION_ID.eq(refreshed.sessionId()));
        }
        if (event instanceof SessionRevoked revoked) {
            return tx.fetchExists(
                    SESSIONS, SESSIONS.SESSION_ID.eq(revoked.sessionId()).and(SESSIONS.REVOKED.isTrue()));
        }
        return false;
    }

    private static String typeName(Event event) {
        return event instanceof Event.UnknownEvent unknown
                ? unknown.type()
                : event.getClass().getSimpleName();
    }

    /** The innermost message: the database's own words, not jOOQ's wrapping with the SQL. */
    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof java.sql.SQLException sql && sql.getNextException() != null) {
            cause = sql.getNextException();
        }
        String message = String.valueOf(cause.getMessage());
        return message.length() <= 500 ? message : message.substring(0, 500);
    }
}

package dev.allocator.local.backup;

import dev.allocator.command.sponsor.ReplyCodec;
import dev.allocator.command.sponsor.SortedMapView;
import dev.allocator.command.sponsor.SponsorState;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The sponsor processor's store, rebuilt from the events alone: each events partition folds
 * through {@link SponsorState#apply}, the processor's own code, into the entries of the store of
 * the task with the same partition number. Commands and events are both keyed by sponsor and have
 * the same partition count, so a sponsor's events sit in the partition its commands are decided
 * in.
 */
final class StoreRebuild {
    private static final MessageCodec CODEC = new MessageCodec();

    private StoreRebuild() {}

    /** The store entries of one task, from its partition's events in log order. */
    static SortedMap<String, String> fold(BackupArchive archive, Manifest.Partition events) {
        List<EventEnvelope> log = new ArrayList<>();
        archive.forEachRecord(events, line -> {
            if (line.value() == null) {
                throw new BackupException(
                        "event at offset " + line.offset() + " of partition " + events.partition() + " has no value");
            }
            EventEnvelope envelope = CODEC.decodeEvent(line.value());
            if (envelope.event() instanceof Event.UnknownEvent) {
                throw new BackupException("event at offset " + line.offset() + " of partition " + events.partition()
                        + " has a type or version this version does not know; restore with the version that wrote it");
            }
            log.add(envelope);
        });
        try {
            return SponsorState.fold(log, new SortedMapView(), new ReplyCodec(CODEC))
                    .dump();
        } catch (IllegalStateException e) {
            throw new BackupException(
                    "partition " + events.partition() + " of the events cannot be folded: " + e.getMessage());
        }
    }
}

package dev.allocator.projector.deadletter;

import dev.allocator.http.ApiException;
import dev.allocator.projector.web.ErrorCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dead letter sits on the dead-letter topic, written {@code <partition>-<offset>}: stable
 * for as long as the topic keeps the record, and the cursor of the listing.
 */
public record DeadLetterId(int partition, long offset) implements Comparable<DeadLetterId> {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})-(\\d{1,18})");

    public DeadLetterId {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset are not negative");
        }
    }

    /** Parses the path's or the cursor's text; 400 {@code INVALID_DEAD_LETTER_ID} otherwise. */
    public static DeadLetterId parse(String text) {
        Matcher matcher = TEXT.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new ApiException(ErrorCode.INVALID_DEAD_LETTER_ID);
        }
        return new DeadLetterId(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
    }

    @Override
    public int compareTo(DeadLetterId other) {
        int byPartition = Integer.compare(partition, other.partition);
        return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return partition + "-" + offset;
    }
}

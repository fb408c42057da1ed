package dev.allocator.projector.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

final class Times {
    private Times() {}

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

package dev.allocator.projector.consumer;

import java.time.Duration;

/**
 * How one generation projector reads.
 *
 * @param topic the event topic
 * @param pollTimeout how long one poll waits for records
 * @param initialBackoff the first pause after a failed batch
 * @param maxBackoff the longest pause between retries of a failed batch; retries never give up,
 *     because skipping a batch would corrupt the read model
 */
public record ProjectorSettings(String topic, Duration pollTimeout, Duration initialBackoff, Duration maxBackoff) {
    public ProjectorSettings {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required");
        }
        if (pollTimeout == null || initialBackoff == null || maxBackoff == null) {
            throw new IllegalArgumentException("durations are required");
        }
    }
}

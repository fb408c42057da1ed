package dev.allocator.model.value;

import java.time.Duration;

/** The reset periods of The Compact, in the contract's order (bits 252-254 of a lock id). */
public enum ResetPeriod {
    ONE_SECOND(1),
    FIFTEEN_SECONDS(15),
    ONE_MINUTE(60),
    TEN_MINUTES(600),
    ONE_HOUR_AND_FIVE_MINUTES(3_900),
    ONE_DAY(86_400),
    SEVEN_DAYS_AND_ONE_HOUR(608_400),
    THIRTY_DAYS(2_592_000);

    private final long seconds;

    ResetPeriod(long seconds) {
        this.seconds = seconds;
    }

    public static ResetPeriod ofIndex(int index) {
        ResetPeriod[] all = values();
        if (index < 0 || index >= all.length) {
            throw new IllegalArgumentException("reset period index must be 0 to 7");
        }
        return all[index];
    }

    public int index() {
        return ordinal();
    }

    public long seconds() {
        return seconds;
    }

    public Duration duration() {
        return Duration.ofSeconds(seconds);
    }
}

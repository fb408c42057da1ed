package dev.allocator.projector.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The read-model retention job ({@code allocator.retention.*}, defaults in allocator-projector.yml,
 * each overridable by environment, e.g. {@code ALLOCATOR_RETENTION_PERIOD=60d}).
 *
 * <p>A compact counts as allocated until its expiry plus its chain's finalization threshold; the job
 * prunes it {@code period} after that, so nothing it removes can count toward a balance again.
 *
 * @param enabled run the job (in the projector that projects; it does nothing when the projector is
 *     disabled)
 * @param period how long a compact stays in the serving read model after its expiry plus
 *     finalization; at least one day, so that clients and arbiters still find a compact whose claim
 *     may be settling on-chain
 * @param finalizationAllowance the finalization added to every compact's expiry: at least the
 *     longest finalization threshold of any chain (they are seconds; {@code allocator.chains} on the
 *     command side, {@code allocator.balance} on the query side), at most one day
 * @param interval the pause between the end of one run and the start of the next
 * @param initialDelay the pause between the start of the projector and the first run
 * @param batchSize the most rows one transaction prunes, which bounds its locks and its WAL
 */
@Validated
@ConfigurationProperties("allocator.retention")
public record RetentionProperties(
        boolean enabled,
        @NotNull Duration period,
        @NotNull Duration finalizationAllowance,
        @NotNull Duration interval,
        @NotNull Duration initialDelay,
        @Min(1) @Max(10_000) int batchSize) {

    public RetentionProperties {
        if (period != null && period.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("allocator.retention.period (" + period
                    + ") must be at least 1d: clients and arbiters still look up a compact after it expires");
        }
        if (finalizationAllowance != null
                && (finalizationAllowance.isNegative() || finalizationAllowance.compareTo(Duration.ofDays(1)) > 0)) {
            throw new IllegalArgumentException("allocator.retention.finalization-allowance (" + finalizationAllowance
                    + ") must be between 0 and 1d: it covers the longest chain finalization threshold");
        }
        if (interval != null && interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("allocator.retention.interval (" + interval + ") must be at least 1m");
        }
        if (initialDelay != null && initialDelay.isNegative()) {
            throw new IllegalArgumentException("allocator.retention.initial-delay must not be negative");
        }
    }

    /**
     * The expiry before which a compact is pruned at {@code now}: {@code now − period − allowance}.
     * A compact with {@code expires < cutoff} stopped counting as allocated at {@code expires +
     * threshold ≤ expires + allowance < now − period}.
     */
    public Instant cutoff(Instant now) {
        return now.minus(period).minus(finalizationAllowance);
    }
}

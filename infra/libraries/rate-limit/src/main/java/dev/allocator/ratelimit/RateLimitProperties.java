package dev.allocator.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The deployment's rate limits.
 *
 * @param enabled switch the filter and the per-sponsor check on (needs a DataSource as well)
 * @param trustedProxies CIDR ranges whose {@code X-Forwarded-For} is believed (the gateway's
 *     network); a request from anywhere else is counted by its own remote address
 * @param databaseTimeout how long a check waits for PostgreSQL before it falls back to the
 *     instance's own buckets
 * @param fallbackHold after a database fault, how long checks use the local buckets before they
 *     try PostgreSQL again (so a dead database costs one timeout per hold, not one per request)
 * @param databaseThreads threads that talk to PostgreSQL; when all are busy a check falls back
 * @param tiers limits per tier and endpoint group; what is not configured keeps {@link
 *     #defaultTiers()}'s value
 * @param keys per API key id, limits per group that replace its tier's
 */
@Validated
@ConfigurationProperties("allocator.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"127.0.0.0/8", "::1/128"}) @NotNull List<String> trustedProxies,
        @DefaultValue("500ms") @NotNull Duration databaseTimeout,
        @DefaultValue("10s") @NotNull Duration fallbackHold,
        @DefaultValue("32") @Min(1) int databaseThreads,
        Map<Tier, Map<RateLimitGroup, @Valid Limit>> tiers,
        Map<String, Map<RateLimitGroup, @Valid Limit>> keys) {

    public RateLimitProperties {
        Map<Tier, Map<RateLimitGroup, Limit>> merged = new EnumMap<>(Tier.class);
        defaultTiers().forEach((tier, groups) -> merged.put(tier, new EnumMap<>(groups)));
        if (tiers != null) {
            tiers.forEach((tier, groups) -> merged.get(tier).putAll(groups));
        }
        tiers = Map.copyOf(merged);
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The limit for a subject in a group: a key's own quota first, then its tier's. */
    public Optional<Limit> limitFor(Subject subject, RateLimitGroup group) {
        if (subject.tier() == Tier.PARTNER || subject.tier() == Tier.OPERATOR) {
            Map<RateLimitGroup, Limit> own = keys.get(subject.id());
            if (own != null && own.containsKey(group)) {
                return Optional.of(own.get(group));
            }
        }
        return Optional.ofNullable(tiers.get(subject.tier()).get(group));
    }

    /**
     * Generous for real clients, tight enough to matter. Anonymous (per IP): a wallet signs in
     * once per session, so 20 a minute covers a shared NAT and still makes a SIWE-verification flood
     * cost 3 s per attempt; reads allow a UI polling every second from several tabs. Sponsor: a
     * sponsor allocating by hand or from a small bot; anything faster should use a partner key.
     * Partner: load runs and integrators, 1,000 compacts a second per key. Operator: admin work is
     * rare, 2 a second bounds a leaked key's scraping.
     */
    public static Map<Tier, Map<RateLimitGroup, Limit>> defaultTiers() {
        return Map.of(
                Tier.ANONYMOUS,
                        Map.of(
                                RateLimitGroup.SIGN_IN, Limit.perMinute(20, 20),
                                RateLimitGroup.COMPACTS, Limit.perMinute(120, 120),
                                RateLimitGroup.READS, Limit.perMinute(300, 300),
                                RateLimitGroup.ADMIN, Limit.perMinute(30, 30)),
                Tier.SPONSOR,
                        Map.of(
                                RateLimitGroup.SIGN_IN, Limit.perMinute(10, 10),
                                RateLimitGroup.COMPACTS, Limit.perMinute(120, 60),
                                RateLimitGroup.READS, Limit.perMinute(600, 600),
                                RateLimitGroup.ADMIN, Limit.perMinute(30, 30)),
                Tier.PARTNER,
                        Map.of(
                                RateLimitGroup.SIGN_IN, Limit.perSecond(1000, 100),
                                RateLimitGroup.COMPACTS, Limit.perSecond(2000, 1000),
                                RateLimitGroup.READS, Limit.perSecond(2000, 1000),
                                RateLimitGroup.ADMIN, Limit.perMinute(30, 30)),
                Tier.OPERATOR,
                        Map.of(
                                RateLimitGroup.SIGN_IN, Limit.perMinute(60, 60),
                                RateLimitGroup.COMPACTS, Limit.perMinute(60, 60),
                                RateLimitGroup.READS, Limit.perMinute(600, 600),
                                RateLimitGroup.ADMIN, Limit.perMinute(120, 120)));
    }
}

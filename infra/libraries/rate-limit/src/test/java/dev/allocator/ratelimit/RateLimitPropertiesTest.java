package dev.allocator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitPropertiesTest {

    @Test
    void aKeysOwnQuotaReplacesItsTiersAndOtherGroupsKeepTheTiers() {
        Limit own = Limit.perSecond(5, 5);
        RateLimitProperties properties = new RateLimitProperties(
                true,
                java.util.List.of("127.0.0.1"),
                java.time.Duration.ofMillis(250),
                java.time.Duration.ofSeconds(10),
                4,
                null,
                Map.of("load", Map.of(RateLimitGroup.COMPACTS, own)));
        Subject load = new Subject(Tier.PARTNER, "load");
        assertThat(properties.limitFor(load, RateLimitGroup.COMPACTS)).contains(own);
        assertThat(properties.limitFor(load, RateLimitGroup.READS))
                .contains(RateLimitProperties.defaultTiers().get(Tier.PARTNER).get(RateLimitGroup.READS));
        assertThat(properties.limitFor(new Subject(Tier.PARTNER, "other"), RateLimitGroup.COMPACTS))
                .contains(RateLimitProperties.defaultTiers().get(Tier.PARTNER).get(RateLimitGroup.COMPACTS));
        // A sponsor whose address happens to equal a key id gets no key quota.
        assertThat(properties.limitFor(new Subject(Tier.SPONSOR, "load"), RateLimitGroup.COMPACTS))
                .contains(RateLimitProperties.defaultTiers().get(Tier.SPONSOR).get(RateLimitGroup.COMPACTS));
    }

    @Test
    void reportsSecondsUntilTheBucketIsFullRoundedUp() {
        Limit limit = Limit.perMinute(20, 20);
        assertThat(limit.secondsToRefill(0)).isZero();
        assertThat(limit.secondsToRefill(1)).isEqualTo(3);
        assertThat(limit.secondsToRefill(20)).isEqualTo(60);
        assertThat(Limit.perSecond(1000, 1000).secondsToRefill(1)).isEqualTo(1);
    }

    @Test
    void hashesSubjectsWithoutTheirRawValue() {
        Subject ip = Subject.clientIp("198.51.100.7");
        assertThat(ip.hash()).hasSize(32).doesNotContain("198");
        assertThat(ip.hash()).isNotEqualTo(new Subject(Tier.SPONSOR, "198.51.100.7").hash());
    }
}

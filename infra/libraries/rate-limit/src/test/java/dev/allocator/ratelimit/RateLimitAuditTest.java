package dev.allocator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RateLimitAuditTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    final List<AuditRecord> written = new CopyOnWriteArrayList<>();
    final RateLimitAudit audit =
            new RateLimitAudit(written::add, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));

    @Test
    void aggregatesRefusalsIntoOneRecordPerSubjectAndGroup() {
        Subject client = Subject.clientIp("203.0.113.7");
        Subject sponsor = new Subject(Tier.SPONSOR, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        for (int i = 0; i < 500; i++) {
            audit.on(new RateLimitRejected(client, "sign-in", NOW));
        }
        audit.on(new RateLimitRejected(client, "reads", NOW));
        audit.on(new RateLimitRejected(sponsor, "compacts", NOW));
        audit.on(new RateLimitRejected(new Subject(Tier.PARTNER, "0123456789abcdef"), "compacts", NOW));

        audit.flush();

        assertThat(written).hasSize(4).allSatisfy(record -> {
            assertThat(record.action()).isEqualTo(AuditAction.RATE_LIMITED);
            assertThat(record.outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(record.reason()).isEqualTo("RATE_LIMITED");
            assertThat(record.details()).containsEntry("windowSeconds", "60");
        });
        assertThat(written)
                .filteredOn(r -> r.details().get("group").equals("sign-in"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.actor()).isEqualTo(Actor.clientIp("203.0.113.7"));
                    assertThat(r.details()).containsEntry("count", "500").containsEntry("tier", "anonymous");
                });
        assertThat(written).extracting(AuditRecord::actor).contains(Actor.apiKey("0123456789abcdef"));
        assertThat(written).extracting(r -> r.actor().kind()).contains(Actor.Kind.SPONSOR);

        written.clear();
        audit.flush();
        assertThat(written).as("each refusal is reported once").isEmpty();
    }

    @Test
    void boundsTheSubjectsKeptPerWindowAndCountsTheRestInOneRecord() {
        for (int i = 0; i < RateLimitAudit.MAX_SUBJECTS + 25; i++) {
            audit.on(new RateLimitRejected(Subject.clientIp("10.0." + (i / 256) + "." + (i % 256)), "reads", NOW));
        }

        audit.flush();

        assertThat(written).hasSize(RateLimitAudit.MAX_SUBJECTS + 1);
        assertThat(written)
                .filteredOn(r -> r.actor().equals(Actor.clientIp("overflow")))
                .singleElement()
                .satisfies(r -> assertThat(r.details()).containsEntry("count", "25"));
    }
}

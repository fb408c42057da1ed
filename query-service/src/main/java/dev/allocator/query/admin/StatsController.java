package dev.allocator.query.admin;

import dev.allocator.http.ApiException;
import dev.allocator.query.consistency.ReadBarrier;
import dev.allocator.query.consistency.ReadModelHealthIndicator;
import dev.allocator.query.consistency.ReadModelHealthIndicator.LagReading;
import dev.allocator.query.web.ErrorCode;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.StoredKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/stats} (auditor role, by the security library's path rules): what the read
 * models hold (sponsors, sessions, compacts signed, live allocations), how far the projector lags
 * and how many records wait on the dead-letter topic (this service's own measurement, the same as
 * its health's), and how the operator keys are used.
 *
 * <p>Rejections are deliberately not counted here: a refused command emits no event, so no read
 * model knows of it. Each command-service instance counts its own ({@code
 * allocator_compacts_total{outcome="rejected"}}, {@code allocator_processor_decisions_total});
 * Prometheus sums them across instances, and the answer names those metrics instead of inventing
 * a number.
 */
@RestController
class StatsController {
    private final ReadBarrier readModel;
    private final ReadModelHealthIndicator lag;
    private final ApiKeyStore keys;
    private final AdminProperties properties;
    private final Clock clock;

    StatsController(ReadBarrier readModel, ReadModelHealthIndicator lag, ApiKeyStore keys, AdminProperties properties) {
        this.readModel = readModel;
        this.lag = lag;
        this.keys = keys;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/admin/stats")
    Map<String, Object> stats() {
        var view = readModel.current().orElseThrow(() -> new ApiException(ErrorCode.READ_MODEL_UNAVAILABLE));
        Instant now = clock.instant();
        StatsQueries.ReadModelStats stats = StatsQueries.read(view.dsl(), now, properties.statsMaxLocks());
        LagReading reading = lag.reading();

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("at", now.toString());
        answer.put("generation", view.schema());
        answer.put("sponsors", stats.sponsors());
        answer.put("sessions", Map.of("live", stats.liveSessions(), "total", stats.sessions()));
        long today = stats.compacts().stream()
                .mapToLong(StatsQueries.ChainCompacts::today)
                .sum();
        long total = stats.compacts().stream()
                .mapToLong(StatsQueries.ChainCompacts::total)
                .sum();
        Map<String, Object> compacts = new LinkedHashMap<>();
        compacts.put("today", today);
        compacts.put("total", total);
        compacts.put("perChain", stats.compacts());
        answer.put("compacts", compacts);
        Map<String, Object> allocated = new LinkedHashMap<>();
        allocated.put("liveCompacts", stats.liveCompacts());
        allocated.put("perLock", stats.liveAllocations());
        allocated.put("truncated", stats.allocationsTruncated());
        answer.put("allocated", allocated);
        Map<String, Object> rejections = new LinkedHashMap<>();
        rejections.put("inReadModel", false);
        rejections.put("scope", "per command-service instance, since its start; sum them in Prometheus");
        rejections.put(
                "metrics",
                List.of(
                        "allocator_compacts_total{outcome=\"rejected\",reason=<error code>}",
                        "allocator_processor_decisions_total{outcome=<rejection reason>}"));
        answer.put("rejections", rejections);
        Map<String, Object> projector = new LinkedHashMap<>();
        projector.put("lagOffsets", reading.lagOffsets());
        projector.put("behindSeconds", reading.behindSeconds());
        projector.put(
                "measuredAt",
                reading.measuredAt() == null ? null : reading.measuredAt().toString());
        if (reading.lastError() != null) {
            projector.put("lastError", reading.lastError());
        }
        answer.put("projector", projector);
        answer.put("deadLetters", reading.deadLetters());
        answer.put("keys", keys.list().stream().map(key -> usage(key, now)).toList());
        return answer;
    }

    /** A key's use, never its hash or second-factor secret. */
    private static Map<String, Object> usage(StoredKey key, Instant now) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("id", key.id());
        usage.put("role", key.role().label());
        usage.put("uses", key.useCount());
        usage.put(
                "lastUsedAt", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
        boolean active = key.revokedAt() == null
                && (key.expiresAt() == null || key.expiresAt().isAfter(now));
        usage.put("active", active);
        return usage;
    }
}

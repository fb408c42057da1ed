package dev.allocator.deployment;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus series the alert rules and the dashboard may name: the metric names the services
 * promise to export (docs/operations.md, "Metric names"), as Micrometer's Prometheus registry writes
 * them, plus Prometheus' own {@code up}. Anything else is a name nobody promised, and a panel or
 * alert on it would show nothing.
 */
final class MetricsContract {
    /** Counters: exported with {@code _total}. */
    private static final List<String> COUNTERS = List.of(
            "allocator_compacts_total",
            "allocator_sessions_total",
            "allocator_dead_letters_total",
            "allocator_signatures_total",
            "allocator_commands_shed_total",
            "allocator_commands_expired_total",
            "allocator_replies_unanswered_total",
            "allocator_http_errors_total",
            "allocator_audit_records_total",
            "resilience4j_retry_calls_total");

    /** Timers with percentile histograms: buckets, count and sum. */
    private static final List<String> HISTOGRAMS = List.of(
            "allocator_compact_seconds",
            "allocator_session_seconds",
            "allocator_indexer_request_seconds",
            "http_server_requests_seconds");

    /** Timers without buckets: count, sum and the recent maximum. */
    private static final List<String> TIMERS = List.of("hikaricp_connections_acquire_seconds", "jvm_gc_pause_seconds");

    /** Gauges and single series. */
    private static final List<String> GAUGES = List.of(
            "up",
            "allocator_projector_lag_seconds",
            "allocator_projector_lag_records",
            "query_read_model_lag_offsets",
            "query_read_model_dead_letters",
            "allocator_processor_running",
            "allocator_signing_paused",
            "allocator_commands_in_flight",
            "resilience4j_circuitbreaker_state",
            "resilience4j_circuitbreaker_calls_seconds_count",
            "resilience4j_bulkhead_available_concurrent_calls",
            "hikaricp_connections_active",
            "hikaricp_connections_pending",
            "jvm_memory_used_bytes",
            "jvm_memory_max_bytes",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "system_cpu_usage",
            "disk_free_bytes",
            "disk_total_bytes");

    private MetricsContract() {}

    static Set<String> series() {
        Set<String> series = new TreeSet<>(COUNTERS);
        series.addAll(GAUGES);
        HISTOGRAMS.forEach(h -> series.addAll(List.of(h + "_bucket", h + "_count", h + "_sum")));
        TIMERS.forEach(t -> series.addAll(List.of(t + "_count", t + "_sum", t + "_max")));
        return series;
    }
}

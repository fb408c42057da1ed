package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {
    @Test
    void findsTheMetricsOfAHistogramQuantileAndIgnoresFunctionsLabelsAndDurations() {
        assertThat(
                        PromQlNames.metricsIn(
                                List.of(
                                        "histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{job=\"command-service\", uri=~\"/compact.*\"}[$__rate_interval])))")))
                .containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void findsBothSidesOfARatioAndKeepsSuffixes() {
        assertThat(PromQlNames.metricsIn(List.of(
                        "sum(rate(allocator_compacts_total{outcome=\"failed\"}[5m])) / ignoring(outcome) group_left"
                                + " sum(rate(allocator_compacts_total[5m])) > 0.05 and on(service)"
                                + " max(allocator_processor_running) == bool 1 offset 5m")))
                .containsExactly("allocator_compacts_total", "allocator_processor_running");
    }

    @Test
    void readsAbsentAndVectorAndLeavesNumbersAlone() {
        assertThat(
                        PromQlNames.metricsIn(
                                List.of(
                                        "absent(up{job=\"projector\"}) or vector(0) + 1e3 * resilience4j_circuitbreaker_state{state='open'}")))
                .containsExactly("resilience4j_circuitbreaker_state", "up");
    }

    @Test
    void readsTheMetricOfAGrafanaLabelValuesQuery() {
        assertThat(PromQlNames.metricsIn(List.of("label_values(jvm_memory_used_bytes{area=\"heap\"}, instance)")))
                .containsExactly("jvm_memory_used_bytes");
    }

    @Test
    void metricNamesAreFoundWithoutFunctionsLabelsKeywordsOrDurations() {
        assertThat(PromQlNames.metricsIn(List.of(
                        "sum by (service, le) (rate(a_total{job=~\"x|y\", le=\"+Inf\"}[5m])) / on (service)"
                                + " group_left max_over_time(b_seconds[1m]) > 0.5",
                        "c_total > 0 unless c_total offset 15m or vector(0) and d == bool 1",
                        "histogram_quantile(0.99, sum by (le) (rate(e_bucket[$__rate_interval])))")))
                .containsExactly("a_total", "b_seconds", "c_total", "d", "e_bucket");
    }
}

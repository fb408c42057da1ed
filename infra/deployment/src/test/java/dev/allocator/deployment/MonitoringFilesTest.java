package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.deployment.Compose.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Prometheus, Grafana and the OpenTelemetry collector, checked against compose and the code. */
class MonitoringFilesTest {
    private static final String PROMETHEUS = "infra/deployment/prometheus/prometheus.yml";
    private static final String ALERTS = "infra/deployment/prometheus/alerts.yml";
    private static final String DASHBOARD = "infra/deployment/grafana/dashboards/allocator.json";
    private static final String DATASOURCE = "infra/deployment/grafana/provisioning/datasources/prometheus.yml";
    private static final String DASHBOARD_PROVIDER = "infra/deployment/grafana/provisioning/dashboards/allocator.yml";
    private static final String COLLECTOR = "infra/deployment/otel-collector/config.yaml";

    /**
     * Metrics the platform registers rather than our code: Spring Boot's HTTP server and JVM
     * metrics (Micrometer), Micrometer's Kafka client binders (the sponsor processor's stream
     * threads bind KafkaStreamsMetrics; Spring Kafka binds the projector's consumer) and
     * Prometheus' own {@code up}.
     */
    private static final Set<String> PLATFORM_METRICS = Set.of(
            "up",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max",
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes",
            "jvm_memory_max_bytes",
            "jvm_memory_committed_bytes",
            "jvm_gc_pause_seconds_count",
            "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "system_cpu_usage",
            "kafka_consumer_fetch_manager_records_lag_max");

    /** What the dashboard must show (the deployment issue's list). */
    private static final List<String> REQUIRED_PANELS_USE = List.of(
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_bucket",
            "allocator_command_round_trip_seconds_bucket",
            "allocator_processor_decide_seconds_bucket",
            "allocator_processor_decisions_total",
            "allocator_indexer_snapshot_seconds_bucket",
            "jvm_memory_used_bytes",
            "kafka_consumer_fetch_manager_records_lag_max");

    private static final Pattern METER =
            Pattern.compile("(Timer|Counter|DistributionSummary|Gauge|LongTaskTimer)\\.builder\\(\\s*\"([a-z0-9.]+)\""
                    + "|\\.(timer|counter|summary|gauge)\\(\\s*\"([a-z0-9.]+)\"");

    private final Compose compose = Compose.load();

    @Test
    void scrapesEverySpringServiceAtItsActuatorOnTheComposePort() {
        Map<String, String> targets = targets();
        for (Map.Entry<String, Integer> spring : ComposeFileTest.SPRING_SERVICES.entrySet()) {
            String target = spring.getKey() + ":" + spring.getValue();
            assertThat(targets).as(target).containsKey(target);
            assertThat(targets.get(target)).isEqualTo("/actuator/prometheus");
        }
    }

    @Test
    void everyScrapeTargetIsAComposeServiceOnThePortItListensOn() {
        Map<String, Service> services = compose.services();
        targets().keySet().forEach(target -> {
            String host = target.substring(0, target.indexOf(':'));
            int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
            assertThat(services).as(target).containsKey(host);
            assertThat(port).as(target).isEqualTo(listenPort(services.get(host)));
        });
    }

    @Test
    void grafanaReadsThisPrometheusAndLoadsTheMountedDashboards() {
        JsonNode datasource = RepoFiles.yaml(DATASOURCE).path("datasources").get(0);
        assertThat(datasource.path("type").asString()).isEqualTo("prometheus");
        String url = datasource.path("url").asString();
        assertThat(url).isEqualTo("http://prometheus:" + listenPort(compose.service("prometheus")));

        String path = RepoFiles.yaml(DASHBOARD_PROVIDER)
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asString();
        assertThat(compose.service("grafana").volumes()).containsEntry("./infra/deployment/grafana/dashboards", path);
        assertThat(compose.service("grafana").volumes())
                .containsEntry("./infra/deployment/grafana/provisioning", "/etc/grafana/provisioning");
    }

    @Test
    void theDashboardParsesAndUsesTheProvisionedDatasource() {
        JsonNode dashboard = RepoFiles.json(DASHBOARD);
        String uid = RepoFiles.yaml(DATASOURCE)
                .path("datasources")
                .get(0)
                .path("uid")
                .asString();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels").values()) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(uid);
            assertThat(panel.path("targets").values()).isNotEmpty();
            for (JsonNode target : panel.path("targets").values()) {
                assertThat(target.path("expr").asString()).isNotBlank();
            }
        }
        assertThat(dashboard.path("uid").asString()).isNotBlank();
    }

    @Test
    void everyMetricTheDashboardQueriesIsOneTheServicesRegister() {
        Set<String> known = new TreeSet<>(PLATFORM_METRICS);
        known.addAll(applicationMetrics());
        Set<String> used = dashboardMetrics();

        assertThat(used).isNotEmpty();
        assertThat(known).containsAll(used);
        assertThat(used).containsAll(REQUIRED_PANELS_USE);
    }

    @Test
    void theApplicationMetricsAreTheOnesTheDashboardNames() {
        assertThat(applicationMetrics())
                .contains(
                        "allocator_command_round_trip_seconds_bucket",
                        "allocator_processor_decide_seconds_bucket",
                        "allocator_processor_decisions_total",
                        "allocator_processor_poison_commands_total",
                        "allocator_indexer_snapshot_seconds_bucket");
    }

    @Test
    void thePostCompactPanelsSelectTheRouteByUriMethodAndStatus() {
        String queries = String.join("\n", expressions());
        assertThat(queries).contains("method=\"POST\", uri=\"/compact\"");
        assertThat(queries).contains("sum by (status) (rate(http_server_requests_seconds_count{");
        assertThat(queries).contains("sum by (outcome) (rate(allocator_processor_decisions_total");
        // Percentiles of HTTP latency need the histogram the command service turns on.
        assertThat(RepoFiles.read("command-service/src/main/resources/application.yml"))
                .contains("\"[http.server.requests]\": true");
    }

    @Test
    void prometheusLoadsTheAlertRulesComposeMountsBesideItsConfiguration() {
        List<String> ruleFiles = new ArrayList<>();
        RepoFiles.yaml(PROMETHEUS).path("rule_files").values().forEach(file -> ruleFiles.add(file.asString()));
        assertThat(ruleFiles).containsExactly("/etc/prometheus/alerts.yml");
        assertThat(compose.service("prometheus").volumes())
                .containsEntry("./" + ALERTS, "/etc/prometheus/alerts.yml")
                .containsEntry("./" + PROMETHEUS, "/etc/prometheus/prometheus.yml");
    }

    @Test
    void theReadSideAlertsExistAndEachIsComplete() {
        Map<String, JsonNode> rules = alertRules();
        assertThat(rules)
                .containsKeys(
                        "ProjectorEventsDeadLettered",
                        "ProjectorPartitionStopped",
                        "ProjectorRetrying",
                        "ProjectorLagHigh");
        rules.forEach((name, rule) -> {
            assertThat(rule.path("expr").asString()).as(name).isNotBlank();
            assertThat(rule.path("labels").path("severity").asString()).as(name).isIn("critical", "warning");
            assertThat(rule.path("annotations").path("summary").asString())
                    .as(name)
                    .isNotBlank();
            if (rule.has("for")) {
                assertThat(rule.path("for").asString()).as(name).matches("\\d+[smh]");
            }
        });
        assertThat(rules.get("ProjectorEventsDeadLettered").path("expr").asString())
                .contains("allocator_dead_letters_total");
        assertThat(rules.get("ProjectorPartitionStopped").path("expr").asString())
                .contains("projector_partitions_stopped");
        assertThat(rules.get("ProjectorRetrying").path("expr").asString()).contains("projector_retrying_seconds");
        assertThat(rules.get("ProjectorLagHigh").path("expr").asString()).contains("query_read_model_behind_seconds");
    }

    @Test
    void everyMetricAnAlertQueriesIsOneTheServicesRegister() {
        Set<String> known = new TreeSet<>(PLATFORM_METRICS);
        known.addAll(applicationMetrics());
        List<String> expressions = new ArrayList<>();
        alertRules().values().forEach(rule -> expressions.add(rule.path("expr").asString()));

        Set<String> used = metricsIn(expressions);

        assertThat(used).isNotEmpty();
        assertThat(known).containsAll(used);
    }

    /** Every alerting rule of every group, by alert name. */
    private static Map<String, JsonNode> alertRules() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode group : RepoFiles.yaml(ALERTS).path("groups").values()) {
            assertThat(group.path("name").asString()).isNotBlank();
            for (JsonNode rule : group.path("rules").values()) {
                assertThat(rules.put(rule.path("alert").asString(), rule))
                        .as("unique alert " + rule.path("alert").asString())
                        .isNull();
            }
        }
        return rules;
    }

    @Test
    void theCollectorReceivesOtlpOnThePublishedPortsAndEveryPipelineExportsSomewhere() {
        JsonNode collector = RepoFiles.yaml(COLLECTOR);
        JsonNode protocols = collector.path("receivers").path("otlp").path("protocols");
        assertThat(protocols.path("grpc").path("endpoint").asString()).endsWith(":4317");
        assertThat(protocols.path("http").path("endpoint").asString()).endsWith(":4318");
        assertThat(compose.service("otel-collector").ports()).contains("4317:4317", "4318:4318");

        Set<String> exporters = RepoFiles.entries(collector.path("exporters")).keySet();
        Set<String> receivers = RepoFiles.entries(collector.path("receivers")).keySet();
        Set<String> processors = RepoFiles.entries(collector.path("processors")).keySet();
        assertThat(exporters).contains("debug");
        RepoFiles.entries(collector.path("service").path("pipelines")).forEach((name, pipeline) -> {
            pipeline.path("receivers")
                    .values()
                    .forEach(r -> assertThat(receivers).contains(r.asString()));
            pipeline.path("processors")
                    .values()
                    .forEach(p -> assertThat(processors).contains(p.asString()));
            assertThat(pipeline.path("exporters").values()).as(name).isNotEmpty();
            pipeline.path("exporters")
                    .values()
                    .forEach(e -> assertThat(exporters).contains(e.asString()));
        });
        assertThat(collector.path("service").path("pipelines").has("traces")).isTrue();
        assertThat(compose.service("otel-collector").volumes())
                .containsEntry("./" + COLLECTOR, "/etc/otelcol-contrib/config.yaml");
    }

    /** Scrape targets ("host:port") and their metrics path. */
    private static Map<String, String> targets() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (JsonNode job : RepoFiles.yaml(PROMETHEUS).path("scrape_configs").values()) {
            String path = job.path("metrics_path").asString("/metrics");
            for (JsonNode group : job.path("static_configs").values()) {
                group.path("targets").values().forEach(t -> targets.put(t.asString(), path));
            }
        }
        return targets;
    }

    /** The port a service listens on in its network, from its settings or its configuration. */
    private static int listenPort(Service service) {
        if (service.containerPort().isPresent()) {
            return service.containerPort().get();
        }
        switch (service.name()) {
            case "prometheus" -> {
                return Integer.parseInt(service.ports().get(0).split(":")[1]);
            }
            case "otel-collector" -> {
                String endpoint = RepoFiles.yaml(COLLECTOR)
                        .path("exporters")
                        .path("prometheus")
                        .path("endpoint")
                        .asString();
                return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            }
            default -> throw new AssertionError("no known port for " + service.name());
        }
    }

    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : RepoFiles.json(DASHBOARD).path("panels").values()) {
            panel.path("targets")
                    .values()
                    .forEach(t -> expressions.add(t.path("expr").asString()));
        }
        return expressions;
    }

    static Set<String> dashboardMetrics() {
        return metricsIn(expressions());
    }

    /** Metric names in PromQL: identifiers left once strings, selectors, ranges and groupings are gone. */
    static Set<String> metricsIn(List<String> expressions) {
        Set<String> keywords = Set.of(
                "by",
                "without",
                "on",
                "ignoring",
                "group_left",
                "group_right",
                "bool",
                "and",
                "or",
                "unless",
                "offset");
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            String stripped = expression
                    .replaceAll("\"[^\"]*\"", "")
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
            Matcher identifier =
                    Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(stripped);
            while (identifier.find()) {
                String token = identifier.group();
                if (token.endsWith("(") || keywords.contains(token.strip())) {
                    continue;
                }
                metrics.add(token.strip());
            }
        }
        return metrics;
    }

    /** The Prometheus series of every meter the services' main code builds by name. */
    static Set<String> applicationMetrics() {
        Set<String> names = new TreeSet<>();
        for (String module : List.of(
                "shared-model",
                "command-service",
                "projector",
                "query-service",
                "infra/libraries/http-api",
                "infra/libraries/indexer-client",
                "infra/libraries/read-model")) {
            Path sources = RepoFiles.path(module + "/src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER.matcher(Files.readString(file));
                    while (meter.find()) {
                        String kind = meter.group(1) != null ? meter.group(1) : meter.group(3);
                        String name = (meter.group(2) != null ? meter.group(2) : meter.group(4)).replace('.', '_');
                        names.addAll(series(kind, name));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static List<String> series(String kind, String base) {
        return switch (kind) {
            case "Timer", "timer", "LongTaskTimer" ->
                List.of(
                        base + "_seconds_count",
                        base + "_seconds_sum",
                        base + "_seconds_max",
                        base + "_seconds_bucket");
            case "Counter", "counter" -> List.of(base + "_total");
            case "DistributionSummary", "summary" ->
                List.of(base + "_count", base + "_sum", base + "_max", base + "_bucket");
            default -> List.of(base);
        };
    }
}

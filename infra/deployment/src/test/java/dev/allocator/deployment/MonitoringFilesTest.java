package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.deployment.Compose.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final String ALERT_TESTS = "infra/deployment/prometheus/alerts.test.yml";
    private static final String OPERATIONS = "docs/operations.md";

    /** The alerts the issue asks for, each with the part of its expression that says what it watches. */
    private static final Map<String, String> ALERT_WATCHES = Map.ofEntries(
            Map.entry("ServerErrorRateHigh", "http_server_requests_seconds_count{status=~\"5..\""),
            Map.entry("ServerErrorsByCode", "allocator_http_errors_total{status=~\"5..\""),
            Map.entry(
                    "CompactLatencyHigh",
                    "histogram_quantile(0.99, sum by (le) (rate(allocator_compact_seconds_bucket"),
            Map.entry("IndexerCircuitOpen", "resilience4j_circuitbreaker_state{name=\"indexer\""),
            Map.entry("ProcessorNotRunning", "allocator_processor_running == 0"),
            Map.entry("NoSignatures", "allocator_signatures_total"),
            Map.entry("SigningPaused", "allocator_signing_paused"),
            Map.entry("AllocatedButUnanswered", "allocator_replies_unanswered_total{outcome=\"allocated\"}"),
            Map.entry("LoadShedding", "allocator_commands_shed_total"),
            Map.entry("CommandsExpiring", "allocator_commands_expired_total"),
            Map.entry("ProjectorLagHigh", "allocator_projector_lag_seconds"),
            Map.entry("ProjectorBacklogHigh", "allocator_projector_lag_records"),
            Map.entry("EventsDeadLettered", "allocator_dead_letters_total"),
            Map.entry("DiskSpaceLow", "disk_free_bytes / disk_total_bytes"),
            Map.entry("DiskSpaceCritical", "disk_free_bytes / disk_total_bytes"),
            Map.entry("InstanceDown", "up{job=~\"command-service|query-service|projector\"} == 0"),
            Map.entry("MonitoringTargetDown", "up{job!~\"command-service|query-service|projector\"} == 0"));

    /** What the dashboard must show: the seed's list plus the overload panel. */
    private static final List<String> REQUIRED_PANELS_USE = List.of(
            "allocator_compacts_total",
            "allocator_compact_seconds_bucket",
            "allocator_signatures_total",
            "allocator_session_seconds_bucket",
            "allocator_indexer_request_seconds_bucket",
            "resilience4j_circuitbreaker_state",
            "hikaricp_connections_acquire_seconds_sum",
            "allocator_projector_lag_seconds",
            "allocator_projector_lag_records",
            "allocator_http_errors_total",
            "allocator_commands_in_flight",
            "allocator_commands_shed_total",
            "allocator_commands_expired_total",
            "allocator_replies_unanswered_total",
            "allocator_signing_paused",
            "process_cpu_usage",
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_sum",
            "disk_free_bytes");

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
    void thePanelsFitTheGridWithoutOverlapping() {
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : RepoFiles.json(DASHBOARD).path("panels").values()) {
            JsonNode at = panel.path("gridPos");
            int x = at.path("x").asInt();
            int y = at.path("y").asInt();
            int w = at.path("w").asInt();
            int h = at.path("h").asInt();
            String title = panel.path("title").asString();
            assertThat(w).as(title).isPositive();
            assertThat(h).as(title).isPositive();
            assertThat(x + w).as(title).isLessThanOrEqualTo(24);
            for (int column = x; column < x + w; column++) {
                for (int row = y; row < y + h; row++) {
                    assertThat(cells.add(column + "," + row))
                            .as(title + " overlaps")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsInTheMetricsContract() {
        Set<String> used = dashboardMetrics();

        assertThat(used).isNotEmpty();
        assertThat(MetricsContract.series()).containsAll(used);
        assertThat(used).containsAll(REQUIRED_PANELS_USE);
    }

    @Test
    void theDashboardBreaksErrorsDownByCodeAndEndpointAndLagByPartition() {
        String queries = String.join("\n", expressions());
        assertThat(queries).containsPattern("sum by \\([^)]*\\bcode\\b[^)]*\\) \\(rate\\(allocator_http_errors_total");
        assertThat(queries).containsPattern("sum by \\([^)]*\\buri\\b[^)]*\\) \\(rate\\(allocator_http_errors_total");
        assertThat(queries).contains("max by (partition) (allocator_projector_lag_seconds)");
        assertThat(queries).contains("max by (partition) (allocator_projector_lag_records)");
        assertThat(queries).contains("resilience4j_circuitbreaker_state{name=\"indexer\"}");
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
    void theAlertsTheIssueAsksForExistAndEachIsComplete() {
        Map<String, JsonNode> rules = alertRules();
        assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(ALERT_WATCHES.keySet());
        rules.forEach((name, rule) -> {
            assertThat(rule.path("expr").asString()).as(name).contains(ALERT_WATCHES.get(name));
            assertThat(rule.path("labels").path("severity").asString()).as(name).isIn("page", "ticket");
            assertThat(rule.path("annotations").path("summary").asString())
                    .as(name)
                    .isNotBlank();
            assertThat(rule.path("annotations").path("description").asString())
                    .as(name)
                    .isNotBlank();
            assertThat(rule.path("annotations").path("runbook_url").asString())
                    .as(name)
                    .isEqualTo(OPERATIONS + "#" + name.toLowerCase(Locale.ROOT));
            if (rule.has("for")) {
                assertThat(rule.path("for").asString()).as(name).matches("\\d+[smh]");
            }
        });
        JsonNode unanswered = rules.get("AllocatedButUnanswered");
        assertThat(unanswered.has("for"))
                .as("an allocation its client never got pages at once")
                .isFalse();
        assertThat(unanswered.path("labels").path("severity").asString()).isEqualTo("page");
    }

    @Test
    void everyRunbookUrlPointsAtAnEntryOfTheOperationsGuide() {
        Set<String> anchors = anchors(RepoFiles.read(OPERATIONS));
        alertRules().forEach((name, rule) -> {
            String url = rule.path("annotations").path("runbook_url").asString();
            assertThat(anchors).as(url).contains(url.substring(url.indexOf('#') + 1));
        });
    }

    @Test
    void everyAlertHasARuleUnitTestThatFiresItAndOneThatShowsItQuiet() {
        JsonNode tests = RepoFiles.yaml(ALERT_TESTS);
        List<String> ruleFiles = new ArrayList<>();
        tests.path("rule_files").values().forEach(file -> ruleFiles.add(file.asString()));
        assertThat(ruleFiles).containsExactly("alerts.yml");

        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : tests.path("tests").values()) {
            for (JsonNode check : test.path("alert_rule_test").values()) {
                String alert = check.path("alertname").asString();
                (check.path("exp_alerts").isEmpty() ? quiet : fired).add(alert);
            }
        }
        assertThat(fired).containsExactlyInAnyOrderElementsOf(alertRules().keySet());
        assertThat(quiet).containsExactlyInAnyOrderElementsOf(alertRules().keySet());
    }

    @Test
    void everyMetricAnAlertQueriesIsInTheMetricsContract() {
        List<String> expressions = new ArrayList<>();
        alertRules().values().forEach(rule -> expressions.add(rule.path("expr").asString()));

        Set<String> used = PromQlNames.metricsIn(expressions);

        assertThat(used).isNotEmpty();
        assertThat(MetricsContract.series()).containsAll(used);
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
        return PromQlNames.metricsIn(expressions());
    }

    /** GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Pattern heading = Pattern.compile("^#{1,6}\\s+(.+?)\\s*$");
        for (String line : markdown.split("\n")) {
            Matcher title = heading.matcher(line);
            if (title.matches()) {
                anchors.add(title.group(1)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }
}

package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.allocator.deployment.Promtool.Located;
import dev.allocator.deployment.Promtool.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The alert rules and the Prometheus configuration, checked by Prometheus' own tool: syntax and
 * PromQL ({@code check rules}, {@code check config}) and the rule unit tests in alerts.test.yml
 * ({@code test rules}). Skipped where promtool cannot be had, unless {@value Promtool#REQUIRE_ENV}
 * is true.
 */
class PromtoolTest {
    private static final Path PROMETHEUS_DIR = RepoFiles.path("infra/deployment/prometheus");
    private static final String RULES_IN_CONTAINER = "/etc/prometheus/alerts.yml";
    private static final String DASHBOARD = "infra/deployment/grafana/dashboards/allocator.json";

    private static final String SKIPPED =
            "Skipping the promtool checks of the alert rules (put promtool on the PATH, or run apt-get update so"
                    + " the build can fetch it): ";

    private static Path promtool;

    @BeforeAll
    static void locatePromtool() {
        Located located = Promtool.locate();
        if (located.binary().isEmpty() && Promtool.required()) {
            fail("promtool is required (" + Promtool.REQUIRE_ENV + "=true or -D" + Promtool.REQUIRE_PROPERTY
                    + "=true) but " + located.how());
        }
        if (located.binary().isPresent()) {
            promtool = located.binary().get();
            System.out.println("promtool " + promtool + " (" + located.how() + ")");
        } else {
            System.out.println(SKIPPED + located.how());
        }
    }

    @BeforeEach
    void skipWithoutPromtool() {
        assumeTrue(promtool != null, () -> SKIPPED + Promtool.locate().how());
    }

    @Test
    void theAlertRulesPassPromtoolsCheck() {
        Result result = Promtool.run(promtool, PROMETHEUS_DIR, "check", "rules", "alerts.yml");

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void thePrometheusConfigurationWithItsRuleFilePassesPromtoolsCheck() throws IOException {
        // prometheus.yml names the rule file where compose mounts it; check a copy naming the repository's.
        String config = Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml"));
        assertThat(config).contains(RULES_IN_CONTAINER);
        Path copy = RepoFiles.path("infra/deployment/target/promtool-check/prometheus.yml");
        Files.createDirectories(copy.getParent());
        Files.writeString(
                copy,
                config.replace(
                        RULES_IN_CONTAINER, PROMETHEUS_DIR.resolve("alerts.yml").toString()));

        Result result = Promtool.run(promtool, copy.getParent(), "check", "config", copy.toString());

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("1 rule files found");
    }

    @Test
    void everyAlertBehavesAsItsRuleUnitTestsSay() {
        Result result = Promtool.run(promtool, PROMETHEUS_DIR, "test", "rules", "alerts.test.yml");

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void aRuleUnitTestThatExpectsTheWrongAlertFails() throws IOException {
        // The control: promtool must report an expectation the rules do not meet, or a green run proves nothing.
        Path wrong = RepoFiles.path("infra/deployment/target/promtool-check/wrong.test.yml");
        Files.createDirectories(wrong.getParent());
        Files.writeString(wrong, """
                rule_files:
                  - %s
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'up{job="projector", instance="projector:3003"}'
                        values: '1x10'
                    alert_rule_test:
                      - eval_time: 5m
                        alertname: InstanceDown
                        exp_alerts:
                          - exp_labels: {severity: page, job: projector, instance: "projector:3003"}
                """.formatted(PROMETHEUS_DIR.resolve("alerts.yml")));

        Result result = Promtool.run(promtool, wrong.getParent(), "test", "rules", wrong.toString());

        assertThat(result.succeeded()).as(result.output()).isFalse();
        assertThat(result.output()).contains("FAILED").contains("InstanceDown");
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws IOException {
        // promtool parses PromQL only inside rules: check each panel query as a recording rule, with
        // Grafana's interval variable replaced by a fixed range.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int count = 0;
        for (JsonNode panel : RepoFiles.json(DASHBOARD).path("panels").values()) {
            for (JsonNode target : panel.path("targets").values()) {
                String expr = target.path("expr").asString().replace("$__rate_interval", "1m");
                assertThat(expr).as(panel.path("title").asString()).doesNotContain("$");
                rules.append("      - record: dashboard:query_")
                        .append(++count)
                        .append("\n        expr: '")
                        .append(expr.replace("'", "''"))
                        .append("'\n");
            }
        }
        Path file = RepoFiles.path("infra/deployment/target/promtool-check/dashboard-queries.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, rules.toString());

        Result result = Promtool.run(promtool, file.getParent(), "check", "rules", file.toString());

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + count + " rules found");
    }
}

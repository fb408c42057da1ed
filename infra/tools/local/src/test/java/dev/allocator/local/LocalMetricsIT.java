package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allocator.command.it.CompactRequests;
import dev.allocator.command.it.Http;
import dev.allocator.command.it.Wallet;
import dev.allocator.deployment.PromQlNames;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Every metric the alert rules and the Grafana dashboards name is exported by the running local
 * stack, and every {@code allocator_*} metric says what it is. The rules and dashboards are read
 * when the test runs, so it holds them to the services whatever they come to say; only Prometheus'
 * own series ({@code up}, {@code scrape_*}, {@code prometheus_*}), the collector's ({@code
 * otelcol_*}) and recording rules are not the services' to export.
 */
class LocalMetricsIT {
    static final ChainId CHAIN = ChainId.of(10);
    static final String ALERTS = "infra/deployment/prometheus/alerts.yml";
    static final String DASHBOARDS = "infra/deployment/grafana/dashboards";

    @Test
    void exportsEveryMetricTheAlertsAndDashboardsNameWithHelpForOurOwn() throws Exception {
        Set<String> used = new TreeSet<>(PromQlNames.metricsIn(alertExpressions()));
        used.addAll(PromQlNames.metricsIn(dashboardExpressions()));
        used.removeAll(recordingRules());
        used.removeIf(LocalMetricsIT::notTheServices);
        assertThat(used).as("metrics named by the alerts and dashboards").isNotEmpty();

        Map<LocalService, Scrape> scrapes = new EnumMap<>(LocalService.class);
        try (LocalAllocator stack = new LocalAllocator().start(TestOptions.onFreePorts())) {
            exercise(stack);
            // The projector registers its per-partition lag once it is assigned the partitions.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scrape(stack, LocalService.PROJECTOR)
                            .samples()
                            .contains("allocator_projector_lag_records"));
            // The GC pause timer appears with the first collection, which a short run may not have had.
            System.gc();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> scrape(stack, LocalService.COMMAND).samples().contains("jvm_gc_pause_seconds_sum"));
            for (LocalService service : LocalService.values()) {
                scrapes.put(service, scrape(stack, service));
            }
        }

        Set<String> exported = new TreeSet<>();
        scrapes.values().forEach(scrape -> exported.addAll(scrape.samples()));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        assertThat(missing)
                .as("named by %s or %s but exported by no service of the local stack", ALERTS, DASHBOARDS)
                .isEmpty();

        Map<String, String> help = new TreeMap<>();
        scrapes.values().forEach(scrape -> help.putAll(scrape.help()));
        Set<String> ours = new TreeSet<>();
        exported.stream().filter(name -> name.startsWith("allocator_")).forEach(ours::add);
        assertThat(ours).isNotEmpty();
        for (String sample : ours) {
            String family = family(sample, help.keySet());
            assertThat(help).as("a HELP line for " + sample).containsKey(family);
            assertThat(help.get(family)).as("the HELP text of " + family).isNotBlank();
        }

        // Every mode has request histograms, each service its tag, and the indexer's guards are bound.
        for (LocalService service : LocalService.values()) {
            Scrape scrape = scrapes.get(service);
            assertThat(scrape.samples())
                    .as(service.serviceName())
                    .contains(
                            "http_server_requests_seconds_bucket",
                            "jvm_memory_used_bytes",
                            "process_cpu_usage",
                            "system_cpu_usage",
                            "disk_free_bytes",
                            "disk_total_bytes");
            assertThat(scrape.text()).as(service.serviceName()).contains("service=\"" + service.serviceName() + "\"");
        }
        for (LocalService service : List.of(LocalService.COMMAND, LocalService.QUERY)) {
            assertThat(scrapes.get(service).text())
                    .as(service.serviceName())
                    .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"indexer\"")
                    .containsPattern("resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"indexer\"")
                    .containsPattern("resilience4j_retry_calls_total\\{[^}]*name=\"indexer\"")
                    .contains("allocator_indexer_request_seconds_bucket");
        }
        for (LocalService service : List.of(LocalService.PROJECTOR, LocalService.QUERY)) {
            assertThat(scrapes.get(service).samples())
                    .as(service.serviceName())
                    .contains("hikaricp_connections_active", "jooq_query_seconds_bucket");
        }
    }

    /** Walks a client through the API so that meters created on first use exist. */
    private static void exercise(LocalAllocator stack) {
        String api = stack.apiUrl();
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        String token = wallet.signIn(api, CHAIN);
        LockId lock = DevLedger.fund(stack, wallet.address(), 1, "1000");
        Map<String, String> session = Map.of("x-session-id", token);
        long expires = Instant.now().getEpochSecond() + 3600;

        assertThat(Http.post(
                                api + "/compact",
                                CompactRequests.body(wallet.address(), null, expires, lock, "600", CHAIN),
                                session)
                        .status())
                .isEqualTo(200);
        assertThat(Http.post(
                                api + "/compact",
                                CompactRequests.body(wallet.address(), null, expires, lock, "900", CHAIN),
                                session)
                        .status())
                .isEqualTo(400);
        assertThat(Http.get(api + "/compacts", session).status()).isEqualTo(200);
        assertThat(Http.get(api + "/balance/10/" + lock, session).status()).isEqualTo(200);
        assertThat(Http.get(api + "/balances", session).status()).isEqualTo(200);
        assertThat(Http.get(api + "/suggested-nonce/10", session).status()).isEqualTo(200);
        assertThat(Http.get(api + "/compacts", Map.of("x-session-id", "not-a-token"))
                        .status())
                .isEqualTo(401);
        assertThat(Http.delete(api + "/session", session).status()).isEqualTo(200);
    }

    private static Scrape scrape(LocalAllocator stack, LocalService service) {
        Http.Response response =
                Http.get(stack.serviceUrl(service) + "/actuator/prometheus", Map.of("Accept", "text/plain"));
        assertThat(response.status())
                .as(service.serviceName() + " /actuator/prometheus")
                .isEqualTo(200);
        return Scrape.of(response.raw());
    }

    /** One scrape: the sample names, HELP text by metric family name, and the raw text. */
    record Scrape(Set<String> samples, Map<String, String> help, String text) {
        static Scrape of(String text) {
            Set<String> samples = new TreeSet<>();
            Map<String, String> help = new TreeMap<>();
            for (String line : text.lines().toList()) {
                if (line.startsWith("# HELP ")) {
                    String[] parts = line.split(" ", 4);
                    help.put(parts[2], parts.length > 3 ? parts[3] : "");
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    int end = 0;
                    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                        end++;
                    }
                    samples.add(line.substring(0, end));
                }
            }
            return new Scrape(samples, help, text);
        }
    }

    /**
     * The family a sample belongs to, as its HELP line names it: the sample itself, or the sample
     * without the suffix a histogram, summary or counter adds.
     */
    static String family(String sample, Set<String> families) {
        if (families.contains(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max", "_total", "_created")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (families.contains(base)) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static boolean notTheServices(String name) {
        return name.equals("up")
                || name.startsWith("scrape_")
                || name.startsWith("prometheus_")
                || name.startsWith("otelcol_");
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : alertGroups()) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.getOrDefault("rules", List.of())) {
                if (rule.get("expr") != null) {
                    expressions.add(String.valueOf(rule.get("expr")));
                }
            }
        }
        assertThat(expressions).as("expressions in " + ALERTS).isNotEmpty();
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> recordingRules() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> group : alertGroups()) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.getOrDefault("rules", List.of())) {
                if (rule.get("record") != null) {
                    names.add(String.valueOf(rule.get("record")));
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertGroups() throws IOException {
        Map<String, Object> alerts = new Yaml().load(Files.readString(repo().resolve(ALERTS)));
        return (List<Map<String, Object>>) alerts.getOrDefault("groups", List.of());
    }

    /** Every {@code expr} of every dashboard, at any depth (panels, rows, templating), and label_values queries. */
    private static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        try (Stream<Path> files = Files.list(repo().resolve(DASHBOARDS))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                collect(Http.JSON.readTree(Files.readString(file)), expressions);
            }
        }
        assertThat(expressions).as("expressions in " + DASHBOARDS).isNotEmpty();
        return expressions;
    }

    private static void collect(JsonNode node, List<String> expressions) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (field.getKey().equals("expr") && value.isString()) {
                    expressions.add(value.asString());
                } else if (field.getKey().equals("query")
                        && value.isString()
                        && value.asString().strip().startsWith("label_values(")) {
                    expressions.add(value.asString());
                } else {
                    collect(value, expressions);
                }
            });
        } else if (node.isArray()) {
            node.values().forEach(child -> collect(child, expressions));
        }
    }

    /** The repository root: the nearest ancestor of the working directory with docker-compose.yml. */
    private static Path repo() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}

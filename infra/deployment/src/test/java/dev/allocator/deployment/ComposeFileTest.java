package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.deployment.Compose.Service;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml: the services, their health, order, ports, secrets and the two replicas. */
class ComposeFileTest {
    private final Compose compose = Compose.load();

    /** The services and the host ports each publishes ("host:container"); the rest publish none. */
    private static final Map<String, List<String>> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("kafka", List.of("9092:9092"));
        PUBLISHED.put("postgres", List.of("5432:5432"));
        PUBLISHED.put("command-service-1", List.of());
        PUBLISHED.put("command-service-2", List.of());
        PUBLISHED.put("projector", List.of());
        PUBLISHED.put("query-service", List.of());
        PUBLISHED.put("gateway", List.of("3000:3000"));
        PUBLISHED.put("prometheus", List.of("9090:9090"));
        PUBLISHED.put("grafana", List.of("3100:3000"));
        PUBLISHED.put("otel-collector", List.of("4317:4317", "4318:4318"));
        PUBLISHED.put("indexer-standin", List.of("4000:4000"));
    }

    /** The Spring services and the port each listens on in its container. */
    static final Map<String, Integer> SPRING_SERVICES = Map.of(
            "command-service-1", 3001,
            "command-service-2", 3001,
            "query-service", 3002,
            "projector", 3003);

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PRIVATE_KEY|SECRET|PASSWORD|TOKEN).*");
    private static final Pattern HEX_KEY = Pattern.compile("(?i)(0x)?[0-9a-f]{64}");

    @Test
    void hasEveryServiceOfTheDeployment() {
        assertThat(compose.services().keySet()).containsExactlyInAnyOrderElementsOf(PUBLISHED.keySet());
        assertThat(compose.service("kafka").get("image").asString()).startsWith("apache/kafka:");
        assertThat(compose.service("postgres").get("image").asString()).isEqualTo("postgres:17");
        assertThat(compose.service("gateway").get("image").asString()).startsWith("nginx:");
        assertThat(compose.service("otel-collector").get("image").asString())
                .startsWith("otel/opentelemetry-collector-contrib:");
    }

    @Test
    void everyServiceHasAHealthCheckAndARestartPolicy() {
        compose.services().values().forEach(service -> {
            assertThat(service.get("restart").asString()).as(service.name()).isEqualTo("unless-stopped");
            assertThat(service.get("healthcheck").path("test").isArray())
                    .as(service.name() + " healthcheck")
                    .isTrue();
            assertThat(service.get("healthcheck").path("disable").asBoolean(false))
                    .as(service.name())
                    .isFalse();
        });
    }

    @Test
    void springServicesReportReadinessOnTheirOwnPort() {
        SPRING_SERVICES.forEach((name, port) -> {
            Service service = compose.service(name);
            assertThat(service.containerPort()).as(name).contains(port);
            assertThat(String.join(" ", testOf(service)))
                    .as(name)
                    .contains("http://localhost:" + port + "/actuator/health/readiness");
            assertThat(service.env("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")).contains("true");
        });
    }

    @Test
    void dependenciesNameExistingServicesWithAValidConditionAndFormNoCycle() {
        Map<String, Service> services = compose.services();
        services.values()
                .forEach(service -> service.dependsOn().forEach((dependency, condition) -> {
                    assertThat(services)
                            .as(service.name() + " depends on " + dependency)
                            .containsKey(dependency);
                    assertThat(condition).isIn("service_started", "service_healthy", "service_completed_successfully");
                    if (condition.equals("service_healthy")) {
                        assertThat(services.get(dependency).has("healthcheck")).isTrue();
                    }
                    assertThat(services.get(dependency).has("profiles"))
                            .as(service.name() + " must not need the optional " + dependency)
                            .isFalse();
                }));
        for (String start : services.keySet()) {
            assertThat(reaches(services, start, start, new HashSet<>()))
                    .as("dependency cycle through " + start)
                    .isFalse();
        }
    }

    @Test
    void startsServicesAfterWhatTheyNeedIsHealthy() {
        for (String name : List.of("command-service-1", "command-service-2", "projector", "query-service")) {
            assertThat(compose.service(name).dependsOn()).containsEntry("kafka", "service_healthy");
        }
        assertThat(compose.service("projector").dependsOn()).containsEntry("postgres", "service_healthy");
        assertThat(compose.service("query-service").dependsOn())
                .containsEntry("postgres", "service_healthy")
                .containsEntry("projector", "service_healthy");
        assertThat(compose.service("gateway").dependsOn())
                .containsEntry("command-service-1", "service_healthy")
                .containsEntry("command-service-2", "service_healthy")
                .containsEntry("query-service", "service_healthy");
    }

    @Test
    void publishesExactlyTheDocumentedPorts() {
        PUBLISHED.forEach((name, ports) ->
                assertThat(compose.service(name).ports()).as(name).containsExactlyElementsOf(ports));
    }

    @Test
    void theCommandReplicasShareTheApplicationIdAndKeepTheirOwnState() {
        Service first = compose.service("command-service-1");
        Service second = compose.service("command-service-2");

        String applicationId = first.env("ALLOCATOR_MESSAGING_APPLICATIONID").orElseThrow();
        assertThat(second.env("ALLOCATOR_MESSAGING_APPLICATIONID")).contains(applicationId);

        String stateDir = first.env("ALLOCATOR_STATE_DIR").orElseThrow();
        assertThat(second.env("ALLOCATOR_STATE_DIR")).contains(stateDir);
        String firstVolume = volumeAt(first, stateDir);
        String secondVolume = volumeAt(second, stateDir);
        assertThat(firstVolume).isNotEqualTo(secondVolume);
        assertThat(compose.topLevel("volumes")).containsKeys(firstVolume, secondVolume);

        // Apart from their identity and state volume, the two replicas are configured alike.
        Map<String, String> firstEnv = new LinkedHashMap<>(first.environment());
        Map<String, String> secondEnv = new LinkedHashMap<>(second.environment());
        assertThat(firstEnv.remove("OTEL_RESOURCE_ATTRIBUTES")).endsWith("service.instance.id=command-service-1");
        assertThat(secondEnv.remove("OTEL_RESOURCE_ATTRIBUTES")).endsWith("service.instance.id=command-service-2");
        assertThat(firstEnv).isEqualTo(secondEnv);
        assertThat(first.secrets()).isEqualTo(second.secrets());
        assertThat(first.get("build")).isEqualTo(second.get("build"));
    }

    @Test
    void theApplicationIdIsTheOneTheCommandServiceUsesByDefault() {
        String configured = RepoFiles.yaml("command-service/src/main/resources/allocator-command.yml")
                .path("allocator")
                .path("messaging")
                .path("application-id")
                .asString();
        assertThat(compose.service("command-service-1").env("ALLOCATOR_MESSAGING_APPLICATIONID"))
                .contains(configured);
    }

    @Test
    void namedVolumesAreDeclared() {
        compose.services()
                .values()
                .forEach(service -> service.volumes().keySet().stream()
                        .filter(source -> !source.startsWith(".") && !source.startsWith("/"))
                        .forEach(volume -> assertThat(compose.topLevel("volumes"))
                                .as(service.name() + " volume " + volume)
                                .containsKey(volume)));
    }

    @Test
    void bindMountedFilesExistInTheRepository() {
        compose.services()
                .values()
                .forEach(service -> service.volumes().keySet().stream()
                        .filter(source -> source.startsWith("./"))
                        .forEach(source -> assertThat(Files.exists(RepoFiles.path(source.substring(2))))
                                .as(service.name() + " mounts " + source)
                                .isTrue()));
    }

    @Test
    void holdsNoSecretValues() {
        compose.services()
                .values()
                .forEach(service -> service.environment().forEach((key, value) -> {
                    assertThat(HEX_KEY.matcher(value.strip()).matches())
                            .as(service.name() + " " + key + " looks like a key")
                            .isFalse();
                    if (SECRET_NAME.matcher(key).matches()) {
                        boolean fromFile = key.endsWith("_FILE") || key.endsWith("__FILE");
                        assertThat(
                                        fromFile
                                                ? value.startsWith("/run/secrets/")
                                                : value.matches("\\$\\{[A-Z0-9_]+(:?\\?[^}]*)?}"))
                                .as(service.name() + " " + key + " must come from a secret file or a required variable")
                                .isTrue();
                    }
                }));
        assertThat(RepoFiles.read(Compose.FILE)).doesNotContainPattern("(?i)0x[0-9a-f]{64}");
    }

    @Test
    void everySecretComesFromAnIgnoredFileWithAnExample() {
        Set<String> used = new HashSet<>();
        compose.services()
                .values()
                .forEach(service -> used.addAll(service.secrets().keySet()));
        assertThat(compose.topLevel("secrets").keySet()).containsExactlyInAnyOrderElementsOf(used);
        compose.topLevel("secrets").forEach((name, secret) -> {
            String file = secret.path("file").asString();
            assertThat(file).isEqualTo("./infra/deployment/secrets/" + name);
            assertThat(Files.isRegularFile(RepoFiles.path("infra/deployment/secrets.example/" + name)))
                    .as("infra/deployment/secrets.example/" + name)
                    .isTrue();
        });
        assertThat(RepoFiles.significantLines(".gitignore")).contains("infra/deployment/secrets/");
        assertThat(RepoFiles.significantLines(".dockerignore")).contains("infra/deployment/secrets/");
    }

    @Test
    void eachServiceGetsTheSecretsItNeedsUnderThePropertyItReads() {
        Map<String, String> command = Map.of(
                "allocator_private_key", "allocator.signing.private-key",
                "session_token_secret", "allocator.session.token-secret",
                "session_nonce_secret", "allocator.session.nonce-secret",
                // API keys live in the shared database (allocator_security).
                "postgres_password", "spring.datasource.password");
        assertThat(compose.service("command-service-1").secrets()).isEqualTo(command);
        assertThat(compose.service("command-service-2").secrets()).isEqualTo(command);
        assertThat(compose.service("query-service").secrets())
                .isEqualTo(Map.of(
                        "postgres_password", "spring.datasource.password",
                        "session_token_secret", "allocator.session.token-secret"));
        assertThat(compose.service("projector").secrets())
                .isEqualTo(Map.of("postgres_password", "spring.datasource.password"));
        assertThat(compose.service("postgres").secrets()).containsEntry("postgres_password", "POSTGRES_PASSWORD");
        assertThat(compose.service("postgres").env("POSTGRES_PASSWORD_FILE"))
                .contains("/run/secrets/POSTGRES_PASSWORD");
    }

    /**
     * Spring Boot's configtree import turns /run/secrets/&lt;file&gt; into the property the file's name
     * spells. So each Spring service must import that directory last (later imports win over its
     * defaults), and each secret it mounts must be named after a property its configuration has:
     * a typo would leave the setting at its default, found only at start-up.
     */
    @Test
    void eachSpringServiceReadsItsSecretFilesAsTheSettingsTheyAreNamedAfter() {
        Map<String, String> modules = Map.of(
                "command-service-1", "command-service",
                "command-service-2", "command-service",
                "projector", "projector",
                "query-service", "query-service");
        modules.forEach((name, module) -> {
            String resources = module + "/src/main/resources/";
            tools.jackson.databind.JsonNode application = RepoFiles.yaml(resources + "application.yml");
            List<String> imports = new ArrayList<>();
            application.path("spring").path("config").path("import").values().forEach(i -> imports.add(i.asString()));
            assertThat(imports).as(module + " spring.config.import").endsWith("optional:configtree:/run/secrets/");
            Set<String> properties = new HashSet<>(properties(application));
            for (String imported : imports) {
                if (imported.startsWith("classpath:")) {
                    properties.addAll(
                            properties(RepoFiles.yaml(resources + imported.substring("classpath:".length()))));
                }
            }
            compose.service(name)
                    .secrets()
                    .values()
                    .forEach(target -> assertThat(properties)
                            .as(name + " mounts a secret as " + target + ", which must be a property of " + module)
                            .contains(target));
        });
        // Nothing exports the files as variables any more: the values stay out of the environment.
        String entrypoint = RepoFiles.read("infra/deployment/docker/entrypoint.sh");
        assertThat(entrypoint).doesNotContain("/run/secrets/*").contains("exec \"$@\"");
    }

    /** Every property path of a YAML configuration ("a.b.c"), down to its scalar values. */
    private static List<String> properties(tools.jackson.databind.JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect("", node, paths);
        return paths;
    }

    private static void collect(String prefix, tools.jackson.databind.JsonNode node, List<String> paths) {
        if (node.isObject()) {
            RepoFiles.entries(node)
                    .forEach((key, child) -> collect(prefix.isEmpty() ? key : prefix + "." + key, child, paths));
        } else {
            paths.add(prefix);
        }
    }

    @Test
    void kafkaIsASingleKraftNodeWhoseInternalTopicsFitOneBroker() {
        Map<String, String> env = compose.service("kafka").environment();
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        for (String key : List.of(
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            assertThat(env).containsEntry(key, "1");
        }
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("kafka:19092");
        for (String name : SPRING_SERVICES.keySet()) {
            assertThat(compose.service(name).env("KAFKA_BOOTSTRAP_SERVERS"))
                    .as(name)
                    .contains("kafka:19092");
        }
    }

    @Test
    void servicesRunTheOpenTelemetryAgentAgainstTheCollector() {
        List<String> traced = new ArrayList<>(SPRING_SERVICES.keySet());
        traced.add("indexer-standin");
        for (String name : traced) {
            Service service = compose.service(name);
            assertThat(service.env("OTEL_SERVICE_NAME")).as(name).isPresent();
            assertThat(service.env("OTEL_EXPORTER_OTLP_ENDPOINT")).as(name).contains("http://otel-collector:4318");
            assertThat(service.env("OTEL_METRICS_EXPORTER")).as(name).contains("none");
        }
        for (String name : SPRING_SERVICES.keySet()) {
            Service service = compose.service(name);
            assertThat(service.env("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT"))
                    .as(name)
                    .contains("http://otel-collector:4318/v1/traces");
            assertThat(service.env("OTEL_JAVAAGENT_ENABLED")).as(name).contains("${OTEL_JAVAAGENT_ENABLED:-false}");
        }
    }

    @Test
    void theIndexerIsExternalUnlessTheDevProfileRunsTheStandIn() {
        Service standIn = compose.service("indexer-standin");
        assertThat(standIn.get("profiles").values())
                .extracting(p -> p.asString())
                .containsExactly("dev");
        for (String name : List.of("command-service-1", "command-service-2", "query-service")) {
            assertThat(compose.service(name).env("INDEXER_URL").orElseThrow())
                    .as(name)
                    .startsWith("${INDEXER_URL:?");
        }
    }

    private static List<String> testOf(Service service) {
        List<String> test = new ArrayList<>();
        service.get("healthcheck").path("test").values().forEach(part -> test.add(part.asString()));
        return test;
    }

    private static String volumeAt(Service service, String target) {
        return service.volumes().entrySet().stream()
                .filter(mount -> mount.getValue().equals(target))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError(service.name() + " mounts nothing at " + target));
    }

    private static boolean reaches(Map<String, Service> services, String from, String target, Set<String> seen) {
        for (String next : services.get(from).dependsOn().keySet()) {
            if (next.equals(target)) {
                return true;
            }
            if (services.containsKey(next) && seen.add(next) && reaches(services, next, target, seen)) {
                return true;
            }
        }
        return false;
    }
}

package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.deployment.Compose.Service;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every image compose builds: the one Dockerfile, the module each packages, and how it runs. */
class DockerfilesTest {
    private final Compose compose = Compose.load();

    /** The one image recipe every built service uses. */
    static final String DOCKERFILE = "infra/deployment/docker/Dockerfile";

    /** Each Spring service module and its application main, which its runnable jar starts. */
    private static final Map<String, String> SPRING_MODULES = Map.of(
            "command-service", "dev.allocator.command.CommandServiceApplication",
            "projector", "dev.allocator.projector.ProjectorApplication",
            "query-service", "dev.allocator.query.QueryServiceApplication");

    private static final Pattern AGENT =
            Pattern.compile("io\\.opentelemetry\\.javaagent:opentelemetry-javaagent:\\$\\{OTEL_AGENT_VERSION}");
    private static final Pattern AGENT_VERSION = Pattern.compile("ARG OTEL_AGENT_VERSION=(\\d+)\\.\\d+\\.\\d+");

    record Instruction(String keyword, String arguments) {}

    @Test
    void everyBuiltServiceUsesTheOneDockerfileWithTheRepositoryAsContext() {
        List<Service> built = builtServices();
        assertThat(built)
                .extracting(Service::name)
                .containsExactlyInAnyOrder(
                        "command-service-1", "command-service-2", "projector", "query-service", "indexer-standin");
        for (Service service : built) {
            assertThat(service.get("build").path("context").asString())
                    .as(service.name())
                    .isEqualTo(".");
            assertThat(service.dockerfile()).as(service.name()).contains(DOCKERFILE);
            assertThat(service.module()).as(service.name()).isPresent();
            assertThat(service.buildArg("PORT")).as(service.name()).isPresent();
        }
        assertThat(Files.isRegularFile(RepoFiles.path(DOCKERFILE))).isTrue();
        for (String module : List.of("command-service", "projector", "query-service", "infra/tools/indexer-standin")) {
            assertThat(Files.exists(RepoFiles.path(module + "/Dockerfile")))
                    .as(module + "/Dockerfile")
                    .isFalse();
        }
    }

    @Test
    void eachImageBuildsAnExistingModuleOfTheReactor() {
        assertThat(RepoFiles.read(DOCKERFILE)).contains("-pl ${MODULE} -am package");
        for (Service service : builtServices()) {
            String module = service.module().orElseThrow();
            assertThat(Files.isRegularFile(RepoFiles.path(module + "/pom.xml")))
                    .as(module)
                    .isTrue();
            String parent =
                    module.contains("/") ? module.substring(0, module.lastIndexOf('/')) + "/pom.xml" : "pom.xml";
            String name = module.substring(module.lastIndexOf('/') + 1);
            assertThat(RepoFiles.read(parent)).as(parent).contains("<module>" + name + "</module>");
            assertThat(RepoFiles.read(module + "/pom.xml")).contains("<artifactId>" + name + "</artifactId>");
        }
    }

    @Test
    void buildsWithMavenAndRunsOnAJreAsAnUnprivilegedUser() {
        List<Instruction> instructions = instructions(DOCKERFILE);
        List<String> froms = arguments(instructions, "FROM");
        assertThat(froms).anyMatch(f -> f.startsWith("maven:3.9-eclipse-temurin-17 AS build"));
        assertThat(froms.get(froms.size() - 1)).isEqualTo("eclipse-temurin:17-jre");
        assertThat(arguments(instructions, "RUN")).anyMatch(run -> run.contains("-DskipTests"));
        List<String> users = arguments(instructions, "USER");
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).isNotIn("root", "0");
        assertThat(arguments(instructions, "HEALTHCHECK")).hasSize(1);
        assertThat(arguments(instructions, "ENTRYPOINT"))
                .singleElement()
                .asString()
                .contains("/app/entrypoint.sh");
        // A command a service overrides still goes through the entrypoint (the optional agent).
        for (Service service : builtServices()) {
            assertThat(service.get("entrypoint").isMissingNode())
                    .as(service.name())
                    .isTrue();
        }
    }

    @Test
    void attachesTheOpenTelemetryAgentFromMavenCentral() {
        String text = RepoFiles.read(DOCKERFILE);
        assertThat(AGENT.matcher(text).find()).isTrue();
        Matcher version = AGENT_VERSION.matcher(text);
        assertThat(version.find()).isTrue();
        assertThat(version.group(1)).isEqualTo("2");
        assertThat(text).contains("/otel/opentelemetry-javaagent.jar");
        // Attached on request: the services trace themselves through Micrometer Tracing.
        assertThat(RepoFiles.read("infra/deployment/docker/entrypoint.sh"))
                .contains("OTEL_JAVAAGENT_ENABLED")
                .contains("-javaagent:/otel/opentelemetry-javaagent.jar");
        for (Service service : builtServices()) {
            JsonNode command = service.get("command");
            if (!command.isMissingNode()) {
                assertThat(command.toString())
                        .as(service.name())
                        .contains("-javaagent:/otel/opentelemetry-javaagent.jar");
            }
        }
    }

    @Test
    void exposesAndChecksThePortComposeGivesTheService() {
        List<Instruction> instructions = instructions(DOCKERFILE);
        assertThat(arguments(instructions, "EXPOSE")).containsExactly("${PORT}");
        assertThat(arguments(instructions, "ENV")).singleElement().asString().startsWith("PORT=${PORT} ");
        assertThat(arguments(instructions, "HEALTHCHECK"))
                .singleElement()
                .asString()
                .contains("http://localhost:${PORT}${HEALTH_PATH}");
        for (Service service : builtServices()) {
            int port = service.containerPort()
                    .orElseGet(() -> Integer.parseInt(service.ports().get(0).split(":")[1]));
            assertThat(service.buildArg("PORT")).as(service.name()).contains(Integer.toString(port));
        }
    }

    @Test
    void springServicesRunTheirExecutableJarWithTheRightMain() {
        String parentPom = RepoFiles.read("pom.xml");
        assertThat(parentPom)
                .containsPattern("(?s)<artifactId>spring-boot-maven-plugin</artifactId>\\s*"
                        + "<configuration>\\s*<classifier>exec</classifier>");
        String dockerfile = RepoFiles.read(DOCKERFILE);
        assertThat(dockerfile).contains("${MODULE}/target/$(basename ${MODULE})-*-exec.jar");
        assertThat(dockerfile).contains("\"-jar\", \"/app/app.jar\"");
        assertThat(dockerfile).contains("ARG HEALTH_PATH=/actuator/health/readiness");
        SPRING_MODULES.forEach((module, main) -> {
            String pom = RepoFiles.read(module + "/pom.xml");
            assertThat(pom).as(module).contains("<start-class>" + main + "</start-class>");
            assertThat(pom).as(module).contains("<artifactId>spring-boot-maven-plugin</artifactId>");
        });
        for (Service service : builtServices()) {
            if (SPRING_MODULES.containsKey(service.module().orElseThrow())) {
                assertThat(service.buildArg("HEALTH_PATH")).as(service.name()).isEmpty();
            }
        }
        assertThat(RepoFiles.read("command-service/src/main/java/dev/allocator/command/CommandServiceApplication.java"))
                .contains("public static void main");
    }

    @Test
    void theIndexerStandInRunsItsExecutableJarOnEveryInterfaceOfItsContainer() {
        Service standIn = compose.service("indexer-standin");
        String pom = RepoFiles.read("infra/tools/indexer-standin/pom.xml");
        assertThat(pom).contains("<start-class>dev.allocator.indexer.standin.IndexerStandIn</start-class>");
        assertThat(pom).contains("<artifactId>spring-boot-maven-plugin</artifactId>");
        assertThat(standIn.buildArg("HEALTH_PATH")).contains("/ready");
        assertThat(standIn.get("command").toString()).contains("\"/app/app.jar\",\"--host\",\"0.0.0.0\"");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputHistoryAndSecrets() {
        assertThat(RepoFiles.significantLines(".dockerignore"))
                .contains("**/target/", ".git/", ".allocator-data/", "infra/deployment/secrets/");
    }

    private List<Service> builtServices() {
        List<Service> built = new ArrayList<>();
        compose.services().values().forEach(service -> {
            if (service.has("build")) {
                built.add(service);
            }
        });
        return built;
    }

    /** Instructions with continuation lines joined and comments dropped. */
    static List<Instruction> instructions(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : RepoFiles.read(dockerfile).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && current.length() == 0) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            int space = text.indexOf(' ');
            instructions.add(new Instruction(
                    text.substring(0, space), text.substring(space + 1).strip()));
        }
        return instructions;
    }

    private static List<String> arguments(List<Instruction> instructions, String keyword) {
        return instructions.stream()
                .filter(i -> i.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }
}

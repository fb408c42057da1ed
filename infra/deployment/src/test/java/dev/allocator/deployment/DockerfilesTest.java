package dev.allocator.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.deployment.Compose.Service;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every image compose builds: its Dockerfile, the module it packages, and how it runs. */
class DockerfilesTest {
    private final Compose compose = Compose.load();

    /** Each Spring service module and its application main, which its runnable jar starts. */
    private static final Map<String, String> SPRING_MODULES = Map.of(
            "command-service", "dev.allocator.command.CommandServiceApplication",
            "projector", "dev.allocator.projector.ProjectorApplication",
            "query-service", "dev.allocator.query.QueryServiceApplication");

    private static final Pattern MODULE = Pattern.compile("-pl (\\S+) -am package");
    private static final Pattern AGENT =
            Pattern.compile("io\\.opentelemetry\\.javaagent:opentelemetry-javaagent:\\$\\{OTEL_AGENT_VERSION}");
    private static final Pattern AGENT_VERSION = Pattern.compile("ARG OTEL_AGENT_VERSION=(\\d+)\\.\\d+\\.\\d+");

    record Instruction(String keyword, String arguments) {}

    @Test
    void everyBuiltServiceHasItsDockerfileWithTheRepositoryAsContext() {
        List<Service> built = builtServices();
        assertThat(built)
                .extracting(Service::name)
                .containsExactlyInAnyOrder(
                        "command-service-1", "command-service-2", "projector", "query-service", "indexer-standin");
        for (Service service : built) {
            assertThat(service.get("build").path("context").asString())
                    .as(service.name())
                    .isEqualTo(".");
            assertThat(Files.isRegularFile(RepoFiles.path(service.dockerfile().orElseThrow())))
                    .as(service.dockerfile().orElseThrow())
                    .isTrue();
        }
    }

    @Test
    void eachDockerfileBuildsAnExistingModuleOfTheReactor() {
        for (String dockerfile : dockerfiles()) {
            String module = moduleOf(dockerfile);
            assertThat(dockerfile).isEqualTo(module + "/Dockerfile");
            assertThat(Files.isRegularFile(RepoFiles.path(module + "/pom.xml"))).isTrue();
            String parent =
                    module.contains("/") ? module.substring(0, module.lastIndexOf('/')) + "/pom.xml" : "pom.xml";
            String name = module.substring(module.lastIndexOf('/') + 1);
            assertThat(RepoFiles.read(parent)).as(parent).contains("<module>" + name + "</module>");
            assertThat(RepoFiles.read(module + "/pom.xml")).contains("<artifactId>" + name + "</artifactId>");
        }
    }

    @Test
    void buildsWithMavenAndRunsOnAJreAsAnUnprivilegedUser() {
        for (String dockerfile : dockerfiles()) {
            List<Instruction> instructions = instructions(dockerfile);
            List<String> froms = arguments(instructions, "FROM");
            assertThat(froms).as(dockerfile).anyMatch(f -> f.startsWith("maven:3.9-eclipse-temurin-17 AS build"));
            assertThat(froms.get(froms.size() - 1)).as(dockerfile).isEqualTo("eclipse-temurin:17-jre");
            assertThat(arguments(instructions, "RUN")).anyMatch(run -> run.contains("-DskipTests"));
            List<String> users = arguments(instructions, "USER");
            assertThat(users).as(dockerfile).isNotEmpty();
            assertThat(users.get(users.size() - 1)).isNotIn("root", "0");
            assertThat(arguments(instructions, "HEALTHCHECK")).as(dockerfile).hasSize(1);
            assertThat(arguments(instructions, "ENTRYPOINT"))
                    .as(dockerfile)
                    .singleElement()
                    .asString()
                    .contains("/app/entrypoint.sh");
        }
    }

    @Test
    void attachesTheOpenTelemetryAgentFromMavenCentral() {
        for (String dockerfile : dockerfiles()) {
            String text = RepoFiles.read(dockerfile);
            assertThat(AGENT.matcher(text).find()).as(dockerfile).isTrue();
            Matcher version = AGENT_VERSION.matcher(text);
            assertThat(version.find()).as(dockerfile).isTrue();
            assertThat(version.group(1)).isEqualTo("2");
            assertThat(text).contains("-javaagent:/otel/opentelemetry-javaagent.jar");
        }
    }

    @Test
    void exposesAndChecksThePortComposeGivesTheService() {
        for (Service service : builtServices()) {
            String dockerfile = service.dockerfile().orElseThrow();
            List<Instruction> instructions = instructions(dockerfile);
            int port = service.containerPort()
                    .orElseGet(() -> Integer.parseInt(service.ports().get(0).split(":")[1]));
            assertThat(arguments(instructions, "EXPOSE")).as(dockerfile).containsExactly(Integer.toString(port));
            Optional<String> env = arguments(instructions, "ENV").stream()
                    .filter(e -> e.startsWith("PORT="))
                    .findFirst();
            env.ifPresent(e -> assertThat(e).isEqualTo("PORT=" + port));
        }
    }

    @Test
    void springServicesRunTheirExecutableJarWithTheRightMain() {
        String parentPom = RepoFiles.read("pom.xml");
        assertThat(parentPom)
                .containsPattern("(?s)<artifactId>spring-boot-maven-plugin</artifactId>\\s*"
                        + "<configuration>\\s*<classifier>exec</classifier>");
        SPRING_MODULES.forEach((module, main) -> {
            String pom = RepoFiles.read(module + "/pom.xml");
            assertThat(pom).as(module).contains("<start-class>" + main + "</start-class>");
            assertThat(pom).as(module).contains("<artifactId>spring-boot-maven-plugin</artifactId>");
            String dockerfile = RepoFiles.read(module + "/Dockerfile");
            assertThat(dockerfile).contains(module + "/target/" + module + "-*-exec.jar");
            assertThat(dockerfile).contains("\"-jar\", \"/app/app.jar\"");
            assertThat(dockerfile).contains("/actuator/health/readiness");
        });
        assertThat(RepoFiles.read("command-service/src/main/java/dev/allocator/command/CommandServiceApplication.java"))
                .contains("public static void main");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputHistoryAndSecrets() {
        assertThat(RepoFiles.significantLines(".dockerignore"))
                .contains("**/target/", ".git/", ".allocator-data/", "infra/secrets/");
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

    private List<String> dockerfiles() {
        return builtServices().stream()
                .map(s -> s.dockerfile().orElseThrow())
                .distinct()
                .toList();
    }

    private static String moduleOf(String dockerfile) {
        Matcher matcher = MODULE.matcher(RepoFiles.read(dockerfile));
        assertThat(matcher.find())
                .as(dockerfile + " builds one module with -pl")
                .isTrue();
        return matcher.group(1);
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

package dev.allocator.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** docker-compose.yml, read as data, with the few questions the tests ask of it. */
final class Compose {
    static final String FILE = "docker-compose.yml";

    private final JsonNode root;

    private Compose(JsonNode root) {
        this.root = root;
    }

    static Compose load() {
        return new Compose(RepoFiles.yaml(FILE));
    }

    JsonNode root() {
        return root;
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        RepoFiles.entries(root.get("services")).forEach((name, node) -> services.put(name, new Service(name, node)));
        return services;
    }

    Service service(String name) {
        Service service = services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    Map<String, JsonNode> topLevel(String section) {
        return RepoFiles.entries(root.get(section));
    }

    /** One service of the compose file. */
    record Service(String name, JsonNode node) {
        JsonNode get(String key) {
            return node.path(key);
        }

        boolean has(String key) {
            return node.has(key);
        }

        /** The environment, whether written as a mapping or as a list of NAME=value. */
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode environment = node.path("environment");
            if (environment.isObject()) {
                RepoFiles.entries(environment).forEach((key, value) -> env.put(key, value.asString()));
            } else if (environment.isArray()) {
                for (JsonNode item : environment.values()) {
                    String text = item.asString();
                    int eq = text.indexOf('=');
                    env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
                }
            }
            return env;
        }

        Optional<String> env(String key) {
            return Optional.ofNullable(environment().get(key));
        }

        /** "host:container" port mappings as written. */
        List<String> ports() {
            List<String> ports = new ArrayList<>();
            node.path("ports").values().forEach(port -> ports.add(port.asString()));
            return ports;
        }

        /** depends_on as service name to condition (a short list means service_started). */
        Map<String, String> dependsOn() {
            Map<String, String> deps = new LinkedHashMap<>();
            JsonNode dependsOn = node.path("depends_on");
            if (dependsOn.isArray()) {
                dependsOn.values().forEach(dep -> deps.put(dep.asString(), "service_started"));
            } else {
                RepoFiles.entries(dependsOn)
                        .forEach((dep, spec) ->
                                deps.put(dep, spec.path("condition").asString("service_started")));
            }
            return deps;
        }

        /** Volume mounts as source to target. */
        Map<String, String> volumes() {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (JsonNode volume : node.path("volumes").values()) {
                String[] parts = volume.asString().split(":");
                mounts.put(parts[0], parts.length > 1 ? parts[1] : parts[0]);
            }
            return mounts;
        }

        /** Secrets as source to the file name under /run/secrets. */
        Map<String, String> secrets() {
            Map<String, String> secrets = new LinkedHashMap<>();
            for (JsonNode secret : node.path("secrets").values()) {
                if (secret.isObject()) {
                    String source = secret.path("source").asString();
                    secrets.put(source, secret.path("target").asString(source));
                } else {
                    secrets.put(secret.asString(), secret.asString());
                }
            }
            return secrets;
        }

        Optional<String> dockerfile() {
            JsonNode build = node.path("build");
            if (build.isMissingNode()) {
                return Optional.empty();
            }
            return Optional.of(build.path("dockerfile").asString("Dockerfile"));
        }

        /** A build argument of its image. */
        Optional<String> buildArg(String name) {
            JsonNode value = node.path("build").path("args").path(name);
            return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asString());
        }

        /** The reactor module its image packages: the MODULE build argument. */
        Optional<String> module() {
            return buildArg("MODULE");
        }

        /** The port the service listens on inside its container, from its PORT variable. */
        Optional<Integer> containerPort() {
            return env("PORT").map(Integer::parseInt);
        }
    }
}

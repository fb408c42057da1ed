package dev.allocator.local;

import dev.allocator.command.CommandServiceApplication;
import dev.allocator.projector.ProjectorApplication;
import dev.allocator.query.QueryServiceApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The three services local mode runs, each as its own Spring application started from its
 * production main class and its own {@code application.yml}.
 *
 * <p>One JVM means one class path: every service sees the libraries the others bring, and Spring
 * Boot would auto-configure them (the command service would look for a database, the query
 * service would run Flyway). So each service gets only the auto-configuration its own image
 * ships: the build copies each service's class-path list ({@code BOOT-INF/classpath.idx} of its
 * runnable jar) into this module, and {@link #absentInProduction} names every auto-configuration
 * of a library that is not on it.
 */
enum LocalService {
    COMMAND("command-service", CommandServiceApplication.class),
    PROJECTOR("projector", ProjectorApplication.class),
    QUERY("query-service", QueryServiceApplication.class);

    private static final String AUTO_CONFIGURATIONS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private final String serviceName;
    private final Class<?> application;

    LocalService(String serviceName, Class<?> application) {
        this.serviceName = serviceName;
        this.application = application;
    }

    /** Its {@code spring.application.name} and module, which its log lines carry. */
    String serviceName() {
        return serviceName;
    }

    Class<?> application() {
        return application;
    }

    /** The auto-configurations on this JVM's class path from libraries its own image does not have. */
    List<String> absentInProduction() {
        Set<String> shipped = shippedLibraries();
        Set<String> absent = new TreeSet<>();
        try {
            for (URL imports : Collections.list(application.getClassLoader().getResources(AUTO_CONFIGURATIONS))) {
                if (!shipped(library(imports.toString()), shipped)) {
                    try (InputStream in = imports.openStream()) {
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                .lines()
                                .map(String::strip)
                                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                                .forEach(absent::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the auto-configurations on the class path", e);
        }
        return List.copyOf(absent);
    }

    /** The jar file names on the service's own class path, and its own module. */
    private Set<String> shippedLibraries() {
        String index = "classpath/" + serviceName + "/BOOT-INF/classpath.idx";
        try (InputStream in = LocalService.class.getResourceAsStream(index)) {
            if (in == null) {
                throw new IllegalStateException("no " + index + " beside " + LocalService.class.getName()
                        + ": build infra/tools/local with its modules (-am) so that it can copy their class paths");
            }
            Set<String> jars = new TreeSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(line -> {
                String entry = line.replace("\"", "").strip();
                jars.add(entry.substring(entry.lastIndexOf('/') + 1));
            });
            jars.add(serviceName + "-");
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The library a resource comes from: a jar's file name ({@code spring-boot-jdbc-4.0.7.jar}),
     * or for a module's classes directory its name and a dash ({@code indexer-client-}).
     */
    static String library(String resourceUrl) {
        int jar = resourceUrl.lastIndexOf(".jar!/");
        if (jar >= 0) {
            return resourceUrl.substring(resourceUrl.lastIndexOf('/', jar) + 1, jar + ".jar".length());
        }
        int classes = resourceUrl.indexOf("/target/classes/");
        if (classes >= 0) {
            return resourceUrl.substring(resourceUrl.lastIndexOf('/', classes - 1) + 1, classes) + "-";
        }
        return resourceUrl;
    }

    private static boolean shipped(String library, Set<String> shipped) {
        if (shipped.contains(library)) {
            return true;
        }
        // A module's classes directory or jar stands for the same module's jar of any version.
        return shipped.stream()
                .anyMatch(jar ->
                        jar.endsWith("-") ? library.startsWith(jar) : library.endsWith("-") && jar.startsWith(library));
    }

    /**
     * The service's own {@code application.yml}: the one next to its main class. Every service
     * module has a file of that name, so {@code classpath:application.yml} would find only the
     * first on the class path.
     */
    URI configFile() {
        String classFile = application.getName().replace('.', '/') + ".class";
        URL classUrl = application.getClassLoader().getResource(classFile);
        if (classUrl == null) {
            throw new IllegalStateException("cannot locate " + classFile);
        }
        String url = classUrl.toString();
        URI config = URI.create(url.substring(0, url.length() - classFile.length()) + "application.yml");
        try (InputStream in = config.toURL().openStream()) {
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("no application.yml beside " + application.getName() + " at " + config, e);
        }
    }
}

package dev.allocator.local;

import dev.allocator.command.CommandServiceApplication;
import dev.allocator.projector.ProjectorApplication;
import dev.allocator.query.QueryServiceApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.List;

/**
 * The three services local mode runs, each as its own Spring application started from its
 * production main class and its own {@code application.yml}.
 *
 * <p>One JVM means one class path: every service sees the libraries the others bring. The only
 * ones with auto-configuration that a service does not ship with in production are the JDBC
 * family (the read side's) for the command service and Flyway (the projector's) for the query
 * service; {@link #absentInProduction} names them so that each service is configured as its own
 * image configures it, instead of, say, the query service migrating a schema it never owns.
 */
enum LocalService {
    COMMAND(
            "command-service",
            CommandServiceApplication.class,
            List.of(
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                    "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration",
                    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")),
    PROJECTOR("projector", ProjectorApplication.class, List.of()),
    QUERY(
            "query-service",
            QueryServiceApplication.class,
            List.of("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));

    private final String serviceName;
    private final Class<?> application;
    private final List<String> absentInProduction;

    LocalService(String serviceName, Class<?> application, List<String> absentInProduction) {
        this.serviceName = serviceName;
        this.application = application;
        this.absentInProduction = absentInProduction;
    }

    /** Its {@code spring.application.name}, which its log lines carry. */
    String serviceName() {
        return serviceName;
    }

    Class<?> application() {
        return application;
    }

    List<String> absentInProduction() {
        return absentInProduction;
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

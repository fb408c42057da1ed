package dev.allocator.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where local mode listens and keeps its data. Each option is a flag ({@code --port 3000}) or an
 * environment variable ({@code ALLOCATOR_PORT}); flags win. Every listener binds the loopback
 * interface; {@code --host} moves only the API's port, the one a client needs.
 */
record LocalOptions(
        int apiPort,
        int kafkaPort,
        int postgresPort,
        int indexerPort,
        Path dataDir,
        String baseUrl,
        String host,
        String logFormat) {
    static final String LOOPBACK = "127.0.0.1";
    /** JSON lines, as the services write in a deployment; {@code text} for a person at a terminal. */
    static final Set<String> LOG_FORMATS = Set.of("json", "text");

    static final String USAGE = """
            Usage: ./allocator local [--port 3000] [--host 127.0.0.1] [--kafka-port 19092]
                                     [--postgres-port 15432] [--indexer-port 4000]
                                     [--data-dir .allocator-data] [--base-url http://localhost:3000]
                                     [--log-format json]
              --host        the address the API (--port) binds; 0.0.0.0 serves every interface.
                            Kafka, PostgreSQL, the stand-in and the services always bind 127.0.0.1.
              --log-format  json (one JSON object a line, as in a deployment) or text (for a terminal)
            Environment: ALLOCATOR_PORT, ALLOCATOR_HOST, ALLOCATOR_KAFKA_PORT, ALLOCATOR_POSTGRES_PORT,
                         ALLOCATOR_INDEXER_PORT, ALLOCATOR_DATA_DIR, ALLOCATOR_BASE_URL, ALLOCATOR_LOG_FORMAT,
                         ALLOCATOR_PRIVATE_KEY (otherwise a development key is generated and kept)""";

    /** The usual origin of a front-end development server (Vite), allowed to call the API locally. */
    static final String DEV_SERVER_ORIGIN = "http://localhost:5173";

    /** Everything on loopback, JSON logs. */
    LocalOptions(int apiPort, int kafkaPort, int postgresPort, int indexerPort, Path dataDir, String baseUrl) {
        this(apiPort, kafkaPort, postgresPort, indexerPort, dataDir, baseUrl, LOOPBACK, "json");
    }

    /** The browser origins local mode's CORS policy admits: the API's own and a development server's. */
    String corsOrigins() {
        URI base = URI.create(baseUrl);
        return base.getScheme() + "://" + base.getRawAuthority() + "," + DEV_SERVER_ORIGIN;
    }

    static LocalOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            flags.put(name, value);
        }
        int apiPort = port(flags, env, "port", "ALLOCATOR_PORT", 3000);
        LocalOptions options = new LocalOptions(
                apiPort,
                port(flags, env, "kafka-port", "ALLOCATOR_KAFKA_PORT", 19092),
                port(flags, env, "postgres-port", "ALLOCATOR_POSTGRES_PORT", 15432),
                port(flags, env, "indexer-port", "ALLOCATOR_INDEXER_PORT", 4000),
                Path.of(value(flags, env, "data-dir", "ALLOCATOR_DATA_DIR", ".allocator-data"))
                        .toAbsolutePath(),
                value(flags, env, "base-url", "ALLOCATOR_BASE_URL", "http://localhost:" + apiPort),
                value(flags, env, "host", "ALLOCATOR_HOST", LOOPBACK),
                value(flags, env, "log-format", "ALLOCATOR_LOG_FORMAT", "json"));
        if (!LOG_FORMATS.contains(options.logFormat())) {
            throw new IllegalArgumentException("--log-format must be json or text, got '" + options.logFormat() + "'");
        }
        flags.keySet()
                .removeAll(Set.of(
                        "port",
                        "host",
                        "kafka-port",
                        "postgres-port",
                        "indexer-port",
                        "data-dir",
                        "base-url",
                        "log-format"));
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown option --" + flags.keySet().iterator().next());
        }
        return options;
    }

    private static String value(
            Map<String, String> flags, Map<String, String> env, String flag, String variable, String fallback) {
        String value = flags.get(flag);
        if (value == null) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(
            Map<String, String> flags, Map<String, String> env, String flag, String variable, int fallback) {
        String text = value(flags, env, flag, variable, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a port number, got '" + text + "'");
        }
    }
}

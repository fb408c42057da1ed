package dev.allocator.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where local mode listens and keeps its data, as {@link LocalCommand} parsed it from flags and
 * environment variables. Every listener binds the loopback interface; {@code host} moves only the
 * API's port, the one a client needs.
 *
 * @param seed a seed file of deposits and sessions to load once the stack is ready, or null
 */
record LocalOptions(
        int apiPort,
        int kafkaPort,
        int postgresPort,
        int indexerPort,
        Path dataDir,
        String baseUrl,
        String host,
        String logFormat,
        Path seed) {
    static final String LOOPBACK = "127.0.0.1";
    /** JSON lines, as the services write in a deployment; {@code text} for a person at a terminal. */
    static final Set<String> LOG_FORMATS = Set.of("json", "text");

    /** The usual origin of a front-end development server (Vite), allowed to call the API locally. */
    static final String DEV_SERVER_ORIGIN = "http://localhost:5173";

    /** Everything on loopback, JSON logs, no seed file. */
    LocalOptions(int apiPort, int kafkaPort, int postgresPort, int indexerPort, Path dataDir, String baseUrl) {
        this(apiPort, kafkaPort, postgresPort, indexerPort, dataDir, baseUrl, LOOPBACK, "json", null);
    }

    /** The same, loading this seed file once the stack is ready. */
    LocalOptions withSeed(Path seedFile) {
        return new LocalOptions(
                apiPort, kafkaPort, postgresPort, indexerPort, dataDir, baseUrl, host, logFormat, seedFile);
    }

    /** The browser origins local mode's CORS policy admits: the API's own and a development server's. */
    String corsOrigins() {
        URI base = URI.create(baseUrl);
        return base.getScheme() + "://" + base.getRawAuthority() + "," + DEV_SERVER_ORIGIN;
    }
}

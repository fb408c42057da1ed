package dev.allocator.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local-mode options for a test: free loopback ports and a fresh data directory. Every request of
 * these tests comes from one loopback address: the rate limits stay on (the filter runs, buckets
 * are taken in PostgreSQL, the headers are sent) but out of reach; the command service's
 * RateLimitIT tests them. System properties, because local mode passes no rate-limit setting of
 * its own and each service reads them over its application.yml.
 */
final class TestOptions {
    static {
        for (String tier : new String[] {"anonymous", "sponsor"}) {
            for (String group : new String[] {"sign-in", "compacts", "reads"}) {
                System.setProperty("allocator.rate-limit.tiers." + tier + "." + group + ".capacity", "1000000");
                System.setProperty("allocator.rate-limit.tiers." + tier + "." + group + ".refill", "1000000");
            }
        }
    }

    private TestOptions() {}

    static LocalOptions onFreePorts() throws IOException {
        Path data = Files.createTempDirectory("allocator-local");
        int apiPort = freePort();
        return new LocalOptions(apiPort, freePortPair(), freePort(), freePort(), data, "http://localhost:" + apiPort);
    }

    /** A free port whose successor is free too: the broker's controller listens on the next one. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

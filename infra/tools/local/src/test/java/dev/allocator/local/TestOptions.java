package dev.allocator.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Local-mode options for a test: free loopback ports and a fresh data directory. */
final class TestOptions {
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

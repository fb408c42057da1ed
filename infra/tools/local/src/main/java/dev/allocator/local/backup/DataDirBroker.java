package dev.allocator.local.backup;

import dev.allocator.local.LocalKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local stack's broker started on a data directory, as {@code ./allocator local} starts it, on
 * free loopback ports for as long as a backup or restore runs.
 */
final class DataDirBroker implements AutoCloseable {
    private final LocalKafka kafka;

    private DataDirBroker(LocalKafka kafka) {
        this.kafka = kafka;
    }

    /**
     * @param mustExist a backup needs the directory's broker data; a restore may start a new one
     */
    static DataDirBroker start(Path dataDir, boolean mustExist) {
        if (mustExist && !Files.exists(dataDir.resolve("kafka").resolve("meta.properties"))) {
            throw new BackupException("no local stack's data in " + dataDir + " (it has no kafka/meta.properties)");
        }
        if (Files.exists(dataDir.resolve("kafka").resolve(".lock")) && lockedByAnother(dataDir)) {
            throw new BackupException("the local stack is running on " + dataDir + ": stop it first"
                    + " (or back up the running stack with --bootstrap-servers 127.0.0.1:19092)");
        }
        try {
            int port = freePortPair();
            return new DataDirBroker(LocalKafka.start(dataDir, port, port + 1));
        } catch (Exception e) {
            throw new BackupException("cannot start the broker on " + dataDir + ": " + e.getMessage(), e);
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        kafka.close();
    }

    /** Kafka holds a file lock on its log directory while it runs. */
    private static boolean lockedByAnother(Path dataDir) {
        try (FileChannel channel =
                        FileChannel.open(dataDir.resolve("kafka").resolve(".lock"), StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (IOException | OverlappingFileLockException e) {
            return true;
        }
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports on loopback");
    }
}

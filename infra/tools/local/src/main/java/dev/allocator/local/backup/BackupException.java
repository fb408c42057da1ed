package dev.allocator.local.backup;

/** A backup or restore that cannot go on; its message is for the operator, as printed. */
final class BackupException extends RuntimeException {
    BackupException(String message) {
        super(message);
    }

    BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}

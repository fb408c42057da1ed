package dev.allocator.model.indexer;

/** The indexer could not answer: down, slow, erroring or answering GraphQL errors. */
public class IndexerUnavailableException extends RuntimeException {
    public IndexerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexerUnavailableException(String message) {
        super(message);
    }
}

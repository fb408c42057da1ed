package dev.allocator.model.indexer;

/**
 * The indexer could not answer: unreachable, too slow, a status other than 200, a body that is
 * not a GraphQL response, or GraphQL errors. Worth retrying, and evidence that the indexer is
 * failing for everyone.
 */
public class IndexerUnavailableException extends RuntimeException {
    public IndexerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexerUnavailableException(String message) {
        super(message);
    }
}

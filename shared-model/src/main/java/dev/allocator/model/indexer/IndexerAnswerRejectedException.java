package dev.allocator.model.indexer;

/**
 * The indexer answered, in well-formed GraphQL, but what it said about one lock or one sponsor is
 * something the allocator refuses: a number out of range (a balance of 2^256), an address or hash
 * that does not parse, a value of the wrong type, a list that never ends. It is that request's
 * failure, not evidence that the indexer is down: retrying would get the same answer, and counting
 * it against the indexer would let one tenant's odd data fail every other tenant's requests.
 */
public class IndexerAnswerRejectedException extends RuntimeException {
    public IndexerAnswerRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexerAnswerRejectedException(String message) {
        super(message);
    }
}

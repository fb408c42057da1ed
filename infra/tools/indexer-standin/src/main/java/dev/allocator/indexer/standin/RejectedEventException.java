package dev.allocator.indexer.standin;

/**
 * A development event the chain itself would not accept (an overdraft, a deposit into an
 * unregistered allocator, a claim hash processed twice). The development API answers it with 400.
 */
public class RejectedEventException extends IllegalArgumentException {
    public RejectedEventException(String message) {
        super(message);
    }
}

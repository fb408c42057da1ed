package dev.allocator.command.gateway;

/** The processor's committed answer did not arrive in time: the client is told 503 and may retry. */
public class DecisionUnconfirmedException extends RuntimeException {
    public DecisionUnconfirmedException(String message, Throwable cause) {
        super(message, cause);
    }
}

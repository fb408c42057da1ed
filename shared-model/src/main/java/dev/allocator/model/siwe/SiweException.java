package dev.allocator.model.siwe;

/**
 * A Sign-In with Ethereum message or signature that must be refused. The message is a short,
 * lowercase reason meant to be shown to the client, so it never carries a stack trace's worth of
 * detail nor more than a bounded excerpt of the client's input.
 */
public final class SiweException extends IllegalArgumentException {
    public SiweException(String reason) {
        super(reason);
    }

    public String reason() {
        return getMessage();
    }
}

package dev.allocator.model.siwe;

import dev.allocator.model.crypto.Signature;
import dev.allocator.model.value.Address;

/** The outcome of checking a signed sign-in: a verified message, or the reason it was refused. */
public sealed interface SiweVerification {

    /**
     * The signature is the message address's and the message is live.
     *
     * @param message the parsed message, whose {@code address} is the signer
     * @param signature the signature as parsed, low-s
     */
    record Verified(SiweMessage message, Signature signature) implements SiweVerification {
        public Address signer() {
            return message.address();
        }
    }

    /**
     * The sign-in is refused.
     *
     * @param reason a short phrase for the client, e.g. shown as {@code Invalid signature: <reason>}
     */
    record Rejected(String reason) implements SiweVerification {}

    default boolean isVerified() {
        return this instanceof Verified;
    }
}

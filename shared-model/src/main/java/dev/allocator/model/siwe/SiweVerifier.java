package dev.allocator.model.siwe;

import dev.allocator.model.crypto.Eip191;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.value.Address;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies a Sign-In with Ethereum message signed by an externally owned account with EIP-191
 * {@code personal_sign}. Pure: the caller passes the time. Contract accounts (EIP-1271) need a
 * chain call and are out of scope. Whether the nonce, domain, URI and chain are the ones the
 * relying party expects is for the caller to check on the verified message.
 */
public final class SiweVerifier {
    private SiweVerifier() {}

    /**
     * Parses the text as the client built it, checks the signature over exactly that text and
     * the message's time window at {@code now}.
     */
    public static SiweVerification verify(String messageText, String signatureHex, Instant now) {
        try {
            SiweMessage message = SiweMessage.parse(messageText);
            Signature signature = requireSignedBy(messageText, message.address(), signatureHex);
            message.requireValidAt(now);
            return new SiweVerification.Verified(message, signature);
        } catch (SiweException e) {
            return new SiweVerification.Rejected(e.reason());
        }
    }

    /** As {@link #verify(String, String, Instant)} for a message built from fields, over its text. */
    public static SiweVerification verify(SiweMessage message, String signatureHex, Instant now) {
        try {
            Signature signature = requireSignedBy(message.toMessage(), message.address(), signatureHex);
            message.requireValidAt(now);
            return new SiweVerification.Verified(message, signature);
        } catch (SiweException e) {
            return new SiweVerification.Rejected(e.reason());
        }
    }

    /**
     * Requires a low-s EIP-191 signature of {@code messageText} by {@code signer}, in the 65-byte
     * {@code r || s || v} or the 64-byte EIP-2098 form. High s is refused although it recovers the
     * same signer: each signature would otherwise have a second, equally valid encoding (EIP-2).
     *
     * @return the parsed signature
     * @throws SiweException with the reason the signature is refused
     */
    public static Signature requireSignedBy(String messageText, Address signer, String signatureHex) {
        Signature signature;
        try {
            signature = Signature.parse(signatureHex);
        } catch (IllegalArgumentException e) {
            throw new SiweException("malformed signature: " + e.getMessage());
        }
        if (!signature.isLowS()) {
            throw new SiweException("signature s is in the upper half of the curve order (malleable, EIP-2)");
        }
        Optional<Address> recovered;
        try {
            recovered = signature.recover(Eip191.personalMessageHash(messageText));
        } catch (IllegalArgumentException e) {
            recovered = Optional.empty(); // r is not the x coordinate of a curve point
        }
        if (recovered.isEmpty()) {
            throw new SiweException("no public key recovers from the signature");
        }
        if (!recovered.get().equals(signer)) {
            throw new SiweException("signer " + recovered.get() + " does not match message address " + signer);
        }
        return signature;
    }
}

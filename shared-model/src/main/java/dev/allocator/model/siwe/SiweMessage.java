package dev.allocator.model.siwe;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Sign-In with Ethereum (EIP-4361) message, every field of the grammar.
 *
 * <p>Timestamps are kept as the text the client wrote, because the signature covers that text
 * and {@link #toMessage()} must reproduce it byte for byte ({@code .000Z} and offsets included);
 * they are validated as RFC 3339 on construction and read as instants through the accessors.
 *
 * <p>The nonce is checked only to be a line-safe token here, so messages in the reference
 * allocator's layout (a UUID nonce, dashes included) format, parse and verify. EIP-4361 itself
 * asks for at least 8 alphanumeric characters: {@link #requireStrictNonce()} enforces that for a
 * relying party that issues such nonces.
 *
 * <p>Optional fields are {@code null} when absent. An empty {@code requestId} or {@code resources}
 * is present but empty, as the grammar allows ({@code "Request ID: "}, a bare {@code "Resources:"}).
 * The version is always {@value #VERSION}, so it is not a component.
 *
 * @param scheme the URI scheme before the domain, e.g. {@code https}, or null
 * @param domain the RFC 3986 authority asking for the sign-in
 * @param address the signer; printed EIP-55 checksummed
 * @param statement a one-line human-readable assertion, or null
 * @param uri the RFC 3986 URI that is the subject of the sign-in
 * @param chainId the EIP-155 chain the session is bound to
 * @param nonce the relying party's replay token
 * @param issuedAt RFC 3339 date-time as written
 * @param expirationTime RFC 3339 date-time as written, or null
 * @param notBefore RFC 3339 date-time as written, or null
 * @param requestId the system-specific request id, or null
 * @param resources URIs the sign-in covers, or null
 */
public record SiweMessage(
        String scheme,
        String domain,
        Address address,
        String statement,
        String uri,
        ChainId chainId,
        String nonce,
        String issuedAt,
        String expirationTime,
        String notBefore,
        String requestId,
        List<String> resources) {

    public static final String VERSION = "1";

    static final String HEADER_SUFFIX = " wants you to sign in with your Ethereum account:";
    static final String URI_TAG = "URI: ";
    static final String VERSION_TAG = "Version: ";
    static final String CHAIN_ID_TAG = "Chain ID: ";
    static final String NONCE_TAG = "Nonce: ";
    static final String ISSUED_AT_TAG = "Issued At: ";
    static final String EXPIRATION_TIME_TAG = "Expiration Time: ";
    static final String NOT_BEFORE_TAG = "Not Before: ";
    static final String REQUEST_ID_TAG = "Request ID: ";
    static final String RESOURCES_TAG = "Resources:";
    static final String RESOURCE_ITEM = "- ";

    public SiweMessage {
        if (scheme != null) {
            SiweSyntax.scheme(scheme);
        }
        SiweSyntax.domain(domain);
        if (address == null) {
            throw new SiweException("missing address");
        }
        if (statement != null) {
            SiweSyntax.statement(statement);
        }
        SiweSyntax.uri(uri, "URI");
        if (chainId == null) {
            throw new SiweException("missing Chain ID");
        }
        SiweSyntax.nonce(nonce);
        SiweSyntax.dateTime(issuedAt, "Issued At");
        if (expirationTime != null) {
            SiweSyntax.dateTime(expirationTime, "Expiration Time");
        }
        if (notBefore != null) {
            SiweSyntax.dateTime(notBefore, "Not Before");
        }
        if (requestId != null) {
            SiweSyntax.requestId(requestId);
        }
        if (resources != null) {
            for (String resource : resources) {
                SiweSyntax.uri(resource, "resource");
            }
            resources = List.copyOf(resources);
        }
    }

    /** Starts a message with the required fields; the optional ones are absent until set. */
    public static Builder builder(
            String domain, Address address, String uri, ChainId chainId, String nonce, String issuedAt) {
        return new Builder(domain, address, uri, chainId, nonce, issuedAt);
    }

    /**
     * Parses the EIP-4361 text strictly: the exact line layout, field order and tags, an EIP-55
     * checksummed address and nothing after the last field. Accepts exactly the texts {@link
     * #toMessage()} produces, so {@code parse(s).toMessage().equals(s)} for every accepted {@code s}.
     *
     * @throws SiweException with the reason the text is refused
     */
    public static SiweMessage parse(String text) {
        return SiweParser.parse(text);
    }

    /** Always {@value #VERSION}, the only version EIP-4361 defines. */
    public String version() {
        return VERSION;
    }

    public Instant issuedAtInstant() {
        return SiweSyntax.dateTime(issuedAt, "Issued At");
    }

    public Optional<Instant> expirationTimeInstant() {
        return Optional.ofNullable(expirationTime).map(text -> SiweSyntax.dateTime(text, "Expiration Time"));
    }

    public Optional<Instant> notBeforeInstant() {
        return Optional.ofNullable(notBefore).map(text -> SiweSyntax.dateTime(text, "Not Before"));
    }

    /**
     * The text the wallet signs: lines joined by {@code \n}, no trailing newline, and the blank
     * lines of the ABNF: {@code address LF LF [statement LF] LF "URI: "}, so two blank lines sit
     * between the address and the URI when there is no statement.
     */
    public String toMessage() {
        StringBuilder text = new StringBuilder(256);
        if (scheme != null) {
            text.append(scheme).append("://");
        }
        text.append(domain).append(HEADER_SUFFIX).append('\n');
        text.append(address.checksummed()).append("\n\n");
        if (statement != null) {
            text.append(statement).append('\n');
        }
        text.append('\n');
        text.append(URI_TAG).append(uri).append('\n');
        text.append(VERSION_TAG).append(VERSION).append('\n');
        text.append(CHAIN_ID_TAG).append(chainId).append('\n');
        text.append(NONCE_TAG).append(nonce).append('\n');
        text.append(ISSUED_AT_TAG).append(issuedAt);
        if (expirationTime != null) {
            text.append('\n').append(EXPIRATION_TIME_TAG).append(expirationTime);
        }
        if (notBefore != null) {
            text.append('\n').append(NOT_BEFORE_TAG).append(notBefore);
        }
        if (requestId != null) {
            text.append('\n').append(REQUEST_ID_TAG).append(requestId);
        }
        if (resources != null) {
            text.append('\n').append(RESOURCES_TAG);
            resources.forEach(
                    resource -> text.append('\n').append(RESOURCE_ITEM).append(resource));
        }
        return text.toString();
    }

    /**
     * Requires the EIP-4361 nonce, at least 8 ASCII letters or digits. Separate from parsing
     * because the reference allocator's nonces are UUIDs, which the grammar does not allow.
     *
     * @return this message
     * @throws SiweException when the nonce is not EIP-4361-valid
     */
    public SiweMessage requireStrictNonce() {
        if (!SiweSyntax.isStrictNonce(nonce)) {
            throw new SiweException("invalid Nonce: EIP-4361 requires at least 8 alphanumeric characters");
        }
        return this;
    }

    /**
     * Requires the message to be live at {@code now}: issued at or before it, not yet expired
     * (expiry is exclusive) and past its not-before time (inclusive). The caller supplies the
     * clock, and any tolerance for skew by shifting {@code now}.
     *
     * @return this message
     * @throws SiweException when the message is not valid at {@code now}
     */
    public SiweMessage requireValidAt(Instant now) {
        if (issuedAtInstant().isAfter(now)) {
            throw new SiweException("message is issued in the future (Issued At " + issuedAt + ")");
        }
        Optional<Instant> expiry = expirationTimeInstant();
        if (expiry.isPresent() && !now.isBefore(expiry.get())) {
            throw new SiweException("message has expired (Expiration Time " + expirationTime + ")");
        }
        Optional<Instant> start = notBeforeInstant();
        if (start.isPresent() && now.isBefore(start.get())) {
            throw new SiweException("message is not yet valid (Not Before " + notBefore + ")");
        }
        return this;
    }

    /** Sets the optional fields of a message; the required ones are fixed at {@link #builder}. */
    public static final class Builder {
        private final String domain;
        private final Address address;
        private final String uri;
        private final ChainId chainId;
        private final String nonce;
        private final String issuedAt;
        private String scheme;
        private String statement;
        private String expirationTime;
        private String notBefore;
        private String requestId;
        private List<String> resources;

        private Builder(String domain, Address address, String uri, ChainId chainId, String nonce, String issuedAt) {
            this.domain = domain;
            this.address = address;
            this.uri = uri;
            this.chainId = chainId;
            this.nonce = nonce;
            this.issuedAt = issuedAt;
        }

        public Builder scheme(String value) {
            this.scheme = value;
            return this;
        }

        public Builder statement(String value) {
            this.statement = value;
            return this;
        }

        public Builder expirationTime(String value) {
            this.expirationTime = value;
            return this;
        }

        public Builder notBefore(String value) {
            this.notBefore = value;
            return this;
        }

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder resources(List<String> value) {
            this.resources = value;
            return this;
        }

        public SiweMessage build() {
            return new SiweMessage(
                    scheme,
                    domain,
                    address,
                    statement,
                    uri,
                    chainId,
                    nonce,
                    issuedAt,
                    expirationTime,
                    notBefore,
                    requestId,
                    resources);
        }
    }
}

package dev.allocator.model.siwe;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The strict EIP-4361 parser: one pass over the lines, each refusal naming what was wrong. */
final class SiweParser {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern CHAIN_ID = Pattern.compile("[1-9][0-9]*");

    /** Refuses absurd inputs before splitting them; a real message is a few hundred bytes. */
    static final int MAX_LENGTH = 16 * 1024;

    private final String[] lines;
    private int next;

    private SiweParser(String[] lines) {
        this.lines = lines;
    }

    static SiweMessage parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new SiweException("empty message");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SiweException("message longer than " + MAX_LENGTH + " characters");
        }
        if (text.indexOf('\r') >= 0) {
            throw new SiweException("lines must end with LF alone, not CRLF");
        }
        return new SiweParser(text.split("\n", -1)).message();
    }

    private SiweMessage message() {
        String origin = header();
        String scheme = null;
        String domain = origin;
        int separator = origin.indexOf("://");
        if (separator >= 0) {
            scheme = SiweSyntax.scheme(origin.substring(0, separator));
            domain = origin.substring(separator + 3);
        }
        SiweSyntax.domain(domain);
        Address address = address();
        blank("expected a blank line after the address");
        String statement = statement();

        String uri = field(SiweMessage.URI_TAG, "URI");
        String version = field(SiweMessage.VERSION_TAG, "Version");
        if (!SiweMessage.VERSION.equals(version)) {
            throw new SiweException("invalid Version: must be " + SiweMessage.VERSION);
        }
        ChainId chainId = chainId(field(SiweMessage.CHAIN_ID_TAG, "Chain ID"));
        String nonce = field(SiweMessage.NONCE_TAG, "Nonce");
        String issuedAt = field(SiweMessage.ISSUED_AT_TAG, "Issued At");
        String expirationTime = optional(SiweMessage.EXPIRATION_TIME_TAG);
        String notBefore = optional(SiweMessage.NOT_BEFORE_TAG);
        String requestId = optional(SiweMessage.REQUEST_ID_TAG);
        List<String> resources = resources();
        if (next < lines.length) {
            throw new SiweException(
                    lines[next].isEmpty()
                            ? "unexpected blank line or trailing newline after the last field"
                            : "unexpected line " + SiweSyntax.excerpt(lines[next]));
        }
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

    private String header() {
        String line = lines[next++];
        if (!line.endsWith(SiweMessage.HEADER_SUFFIX)) {
            throw new SiweException("missing header line ending '" + SiweMessage.HEADER_SUFFIX.strip() + "'");
        }
        return line.substring(0, line.length() - SiweMessage.HEADER_SUFFIX.length());
    }

    /** EIP-4361 requires the EIP-55 form; accepting other cases would let two texts mean one message. */
    private Address address() {
        if (next >= lines.length) {
            throw new SiweException("missing address line");
        }
        String line = lines[next++];
        if (!ADDRESS.matcher(line).matches()) {
            throw new SiweException("invalid address: must be 0x followed by 40 hex digits");
        }
        Address address;
        try {
            address = Address.of(line);
        } catch (IllegalArgumentException e) {
            throw new SiweException("invalid address: " + e.getMessage());
        }
        if (!address.checksummed().equals(line)) {
            throw new SiweException("invalid address: must be EIP-55 checksummed");
        }
        return address;
    }

    /** Either a blank line (no statement) or the statement and a blank line, before the URI line. */
    private String statement() {
        if (next >= lines.length) {
            throw new SiweException("missing URI line");
        }
        String line = lines[next];
        if (line.isEmpty()) {
            next++;
            return null;
        }
        if (line.startsWith(SiweMessage.URI_TAG)
                && next + 1 < lines.length
                && lines[next + 1].startsWith(SiweMessage.VERSION_TAG)) {
            throw new SiweException("expected a second blank line before the URI line: without a statement,"
                    + " EIP-4361 puts two blank lines between the address and the URI");
        }
        next++;
        String statement = SiweSyntax.statement(line);
        blank("expected a blank line after the statement");
        return statement;
    }

    private void blank(String reason) {
        if (next >= lines.length || !lines[next].isEmpty()) {
            throw new SiweException(reason);
        }
        next++;
    }

    private String field(String tag, String name) {
        if (next >= lines.length) {
            throw new SiweException("missing " + name + " line");
        }
        String line = lines[next];
        if (!line.startsWith(tag)) {
            throw new SiweException("missing " + name + " line, found " + SiweSyntax.excerpt(line));
        }
        next++;
        return line.substring(tag.length());
    }

    private String optional(String tag) {
        if (next < lines.length && lines[next].startsWith(tag)) {
            return lines[next++].substring(tag.length());
        }
        return null;
    }

    private List<String> resources() {
        if (next >= lines.length || !lines[next].equals(SiweMessage.RESOURCES_TAG)) {
            return null;
        }
        next++;
        List<String> resources = new ArrayList<>();
        while (next < lines.length && lines[next].startsWith(SiweMessage.RESOURCE_ITEM)) {
            resources.add(lines[next++].substring(SiweMessage.RESOURCE_ITEM.length()));
        }
        return resources;
    }

    /** Canonical decimal only, so the text round-trips; any long the record holds is accepted. */
    private static ChainId chainId(String text) {
        if (!CHAIN_ID.matcher(text).matches()) {
            throw new SiweException("invalid Chain ID: must be a positive decimal integer without leading zeros");
        }
        try {
            return ChainId.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new SiweException("invalid Chain ID: too large");
        }
    }
}

package dev.allocator.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client's IP: the remote address, unless that is a trusted proxy; then the rightmost address
 * of {@code X-Forwarded-For} that is not itself a trusted proxy. Everything left of it was written
 * by the client and may be forged, so it is never read; a forged header from an untrusted address
 * is ignored altogether.
 */
public final class ClientAddresses {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");

    private final List<Cidr> trusted;

    public ClientAddresses(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /**
     * @param remoteAddress the TCP peer
     * @param forwardedFor every {@code X-Forwarded-For} header value, in the order received
     */
    public String resolve(String remoteAddress, List<String> forwardedFor) {
        Optional<InetAddress> remote = literal(remoteAddress);
        if (remote.isEmpty()) {
            return remoteAddress;
        }
        if (!isTrusted(remote.get())) {
            return remote.get().getHostAddress();
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        InetAddress client = remote.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                // Garbage where a proxy should have written an address: stop at the last one we trust.
                break;
            }
            client = hop.get();
            if (!isTrusted(client)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An IP literal, never a name: a header must not make us resolve DNS. */
    static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.trim();
        if (candidate.startsWith("[")) {
            int close = candidate.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            candidate = candidate.substring(1, close);
        }
        var withPort = IPV4_WITH_PORT.matcher(candidate);
        if (withPort.matches()) {
            candidate = withPort.group(1);
        }
        if (candidate.isEmpty()
                || candidate.length() > 45
                || !LITERAL.matcher(candidate).matches()) {
            return Optional.empty();
        }
        if (candidate.indexOf(':') < 0
                && candidate.chars().filter(c -> c == '.').count() != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

package dev.allocator.ratelimit;

import java.net.InetAddress;
import java.util.Optional;

/** An address range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is its own range. */
public record Cidr(byte[] network, int prefix) {
    public Cidr {
        network = network.clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
    }

    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = ClientAddresses.literal(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address range: " + text));
        int bits = parsed.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        return new Cidr(parsed.getAddress(), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    static Optional<Cidr> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

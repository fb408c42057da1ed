package dev.allocator.model.audit;

import dev.allocator.model.value.Address;
import java.util.regex.Pattern;

/**
 * Who acted: a signed-in sponsor (lowercase address), an API key (its id only, never the key) or an
 * anonymous client (its IP address as the service saw it). The id is the record key of {@code
 * allocator.audit}, so one actor's records stay in order.
 */
public record Actor(Kind kind, String id) {
    /** Key ids are short tokens; this refuses anything that could be a key itself pasted by mistake. */
    private static final int MAX_ID_LENGTH = 64;

    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");

    public Actor {
        if (kind == null) {
            throw new IllegalArgumentException("an actor has a kind");
        }
        if (id == null || id.length() > MAX_ID_LENGTH || !PRINTABLE.matcher(id).matches()) {
            throw new IllegalArgumentException("an actor id is 1 to " + MAX_ID_LENGTH + " visible ASCII characters");
        }
    }

    public static Actor sponsor(Address sponsor) {
        return new Actor(Kind.SPONSOR, sponsor.lowercase());
    }

    public static Actor apiKey(String keyId) {
        return new Actor(Kind.API_KEY, keyId);
    }

    public static Actor clientIp(String address) {
        return new Actor(Kind.CLIENT_IP, address);
    }

    /** The kinds of actor, with their wire names. */
    public enum Kind {
        SPONSOR("sponsor"),
        API_KEY("api-key"),
        CLIENT_IP("client-ip");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Kind fromWire(String text) {
            for (Kind kind : values()) {
                if (kind.wire.equals(text)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown actor kind '" + text + "'");
        }
    }
}

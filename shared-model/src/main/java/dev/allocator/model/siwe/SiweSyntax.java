package dev.allocator.model.siwe;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The lexical rules of the EIP-4361 ABNF, kept apart so the record reads as the message does. */
final class SiweSyntax {
    /** RFC 3986 scheme. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    /** RFC 3986 authority, by its alphabet: userinfo, host (IP literals too) and port. */
    private static final Pattern AUTHORITY =
            Pattern.compile("(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@\\[\\]]|%[0-9A-Fa-f]{2})+");

    /** EIP-4361 statement: RFC 3986 reserved, unreserved and space. Non-empty here: omit it instead. */
    private static final Pattern STATEMENT = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;= ]+");

    /** Any visible ASCII: enough to keep the line intact, the nonce a relying party issued is its own. */
    private static final Pattern NONCE_TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    /** EIP-4361 nonce: 8*( ALPHA / DIGIT ). */
    private static final Pattern NONCE_STRICT = Pattern.compile("[A-Za-z0-9]{8,}");

    /** EIP-4361 request-id: *pchar. */
    private static final Pattern REQUEST_ID = Pattern.compile("(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*");

    /** Printable ASCII without space, the alphabet of an RFC 3986 URI and then some. */
    private static final Pattern URI_ALPHABET = Pattern.compile("[\\x21-\\x7e]+");

    /** RFC 3339 date-time; the calendar and clock ranges are left to java.time. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})");

    /** Longest excerpt of client input echoed in a reason. */
    private static final int EXCERPT = 64;

    private SiweSyntax() {}

    static String scheme(String value) {
        return require(value, SCHEME, "scheme", "must be an RFC 3986 scheme");
    }

    static String domain(String value) {
        return require(value, AUTHORITY, "domain", "must be an RFC 3986 authority");
    }

    static String statement(String value) {
        return require(value, STATEMENT, "statement", "must be one line of RFC 3986 reserved or unreserved characters");
    }

    static String nonce(String value) {
        return require(value, NONCE_TOKEN, "Nonce", "must be visible ASCII without spaces");
    }

    static boolean isStrictNonce(String value) {
        return NONCE_STRICT.matcher(value).matches();
    }

    static String requestId(String value) {
        if (value == null || !REQUEST_ID.matcher(value).matches()) {
            throw new SiweException("invalid Request ID: must be RFC 3986 path characters");
        }
        return value;
    }

    /** An absolute RFC 3986 URI, kept as written. */
    static String uri(String value, String field) {
        if (value == null || !URI_ALPHABET.matcher(value).matches()) {
            throw new SiweException("invalid " + field + ": must be an absolute RFC 3986 URI");
        }
        try {
            if (!new URI(value).isAbsolute()) {
                throw new SiweException("invalid " + field + ": must be an absolute RFC 3986 URI");
            }
        } catch (URISyntaxException e) {
            throw new SiweException("invalid " + field + ": must be an absolute RFC 3986 URI");
        }
        return value;
    }

    /** Validates an RFC 3339 date-time and returns its instant; the text itself is kept as written. */
    static Instant dateTime(String value, String field) {
        if (value == null || !DATE_TIME.matcher(value).matches()) {
            throw new SiweException("invalid " + field + ": must be an RFC 3339 date-time");
        }
        try {
            return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new SiweException("invalid " + field + ": not a calendar date and time");
        }
    }

    /** A bounded, single-line excerpt of client input for a reason. */
    static String excerpt(String text) {
        String shown = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.append('\'').toString();
    }

    private static String require(String value, Pattern pattern, String field, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new SiweException("invalid " + field + ": " + rule);
        }
        return value;
    }
}

package dev.allocator.model.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * A 20-byte Ethereum address. Accepts any letter case, but a mixed-case input must carry a
 * valid EIP-55 checksum; it prints checksummed and keys Kafka records in lowercase.
 *
 * @param value the lowercase 0x-prefixed form
 */
public record Address(String value) {
    private static final Pattern SHAPE = Pattern.compile("0x[0-9a-fA-F]{40}");
    public static final Address ZERO = new Address("0x0000000000000000000000000000000000000000");

    public Address {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("address must be 0x followed by 40 hex digits");
        }
        String digits = value.substring(2);
        boolean mixedCase =
                !digits.equals(digits.toLowerCase(Locale.ROOT)) && !digits.equals(digits.toUpperCase(Locale.ROOT));
        if (mixedCase && !Keys.toChecksumAddress(value).equals(value)) {
            throw new IllegalArgumentException("address has an invalid EIP-55 checksum");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Address of(String text) {
        return new Address(text);
    }

    public static Address ofBytes(byte[] bytes) {
        if (bytes.length != 20) {
            throw new IllegalArgumentException("address must be 20 bytes");
        }
        return new Address(Hex.encode(bytes));
    }

    public byte[] bytes() {
        return Hex.decode(value, 20);
    }

    /** The EIP-55 checksummed form, the canonical output. */
    @JsonValue
    public String checksummed() {
        return Keys.toChecksumAddress(value);
    }

    public String lowercase() {
        return value;
    }

    @Override
    public String toString() {
        return checksummed();
    }
}

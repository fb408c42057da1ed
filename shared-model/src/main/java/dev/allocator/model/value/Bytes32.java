package dev.allocator.model.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Thirty-two bytes: a hash, a digest or a witness.
 *
 * @param value the lowercase 0x-prefixed form
 */
public record Bytes32(String value) {
    private static final Pattern SHAPE = Pattern.compile("0x[0-9a-fA-F]{64}");

    public Bytes32 {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("bytes32 must be 0x followed by 64 hex digits");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Bytes32 of(String text) {
        return new Bytes32(text);
    }

    public static Bytes32 ofBytes(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("bytes32 must be 32 bytes");
        }
        return new Bytes32(Hex.encode(bytes));
    }

    public byte[] bytes() {
        return Hex.decode(value, 32);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}

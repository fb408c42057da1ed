package dev.allocator.model.compact.v1;

import dev.allocator.model.value.Hex;
import dev.allocator.model.value.LockId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code bytes12} that v1 signs in place of a whole lock id: scope, reset period and
 * allocator id, without the token. A value rather than a {@code byte[]} so records compare by content.
 *
 * @param value the lowercase 0x-prefixed form
 */
public record LockTag(String value) {
    private static final Pattern SHAPE = Pattern.compile("0x[0-9a-fA-F]{24}");

    public LockTag {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("lock tag must be 0x followed by 24 hex digits");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    public static LockTag of(String text) {
        return new LockTag(text);
    }

    public static LockTag ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 12) {
            throw new IllegalArgumentException("lock tag must be 12 bytes");
        }
        return new LockTag(Hex.encode(bytes));
    }

    public static LockTag of(LockId id) {
        return ofBytes(id.lockTag());
    }

    public byte[] bytes() {
        return Hex.decode(value, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.allocator.model.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An EIP-155 chain id.
 *
 * @param value one or more
 */
public record ChainId(long value) implements Comparable<ChainId> {
    public ChainId {
        if (value < 1) {
            throw new IllegalArgumentException("chain id must be a positive integer");
        }
    }

    @JsonCreator
    public static ChainId of(long value) {
        return new ChainId(value);
    }

    /** Parses a decimal string without sign, spaces or leading zeros. */
    public static ChainId parse(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("chain id must be a positive decimal integer");
        }
        try {
            return new ChainId(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chain id is too large", e);
        }
    }

    public Uint256 toUint256() {
        return Uint256.of(value);
    }

    @JsonValue
    public long asLong() {
        return value;
    }

    @Override
    public int compareTo(ChainId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}

package dev.allocator.model.testing;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generators for seeded property tests. Numbers lean towards the edges of their range (the bounds
 * and every order of magnitude between them), where bugs live, instead of being uniform.
 */
public final class Gen {
    public static final BigInteger TWO_96_MINUS_1 = BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);

    private Gen() {}

    public static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    public static Address address(Random random) {
        return Address.ofBytes(bytes(random, 20));
    }

    public static Bytes32 bytes32(Random random) {
        return Bytes32.ofBytes(bytes(random, 32));
    }

    /** Any uint256, with 0, 1, 2^96 - 1 and the maximum among the likely picks. */
    public static Uint256 uint256(Random random) {
        return new Uint256(between(random, BigInteger.ZERO, Uint256.MAX_VALUE, TWO_96_MINUS_1));
    }

    /** A value in {@code [min, max]}: often a bound or one of {@code extras}, else of a random bit length. */
    public static BigInteger between(Random random, BigInteger min, BigInteger max, BigInteger... extras) {
        int pick = random.nextInt(16);
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        if (pick == 2 && extras.length > 0) {
            return extras[random.nextInt(extras.length)];
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        int bits = random.nextInt(span.bitLength() + 1);
        return min.add(new BigInteger(bits, random).mod(span));
    }

    /** A long in {@code [min, max]}, often a bound, else of a random magnitude. */
    public static long between(Random random, long min, long max) {
        return between(random, BigInteger.valueOf(min), BigInteger.valueOf(max)).longValueExact();
    }

    /** An int in {@code [min, max]}, uniform: for small ranges such as indexes and lengths. */
    public static int intBetween(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** A string of {@code alphabet}'s characters with a length in {@code [minLength, maxLength]}. */
    public static String string(Random random, String alphabet, int minLength, int maxLength) {
        int length = intBetween(random, minLength, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /**
     * Any well-formed text with a length in chars in {@code [minLength, maxLength]}: ASCII, control
     * characters, the rest of the BMP and surrogate pairs.
     */
    public static String unicode(Random random, int minLength, int maxLength) {
        int length = intBetween(random, minLength, maxLength);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int kind = random.nextInt(10);
            int codePoint;
            if (kind < 4) {
                codePoint = intBetween(random, 0x20, 0x7e);
            } else if (kind == 4) {
                codePoint = intBetween(random, 0x00, 0x1f);
            } else if (kind < 9 || text.length() + 2 > length) {
                do {
                    codePoint = intBetween(random, 0x80, 0xffff);
                } while (Character.isSurrogate((char) codePoint));
            } else {
                codePoint = intBetween(random, 0x10000, 0x10ffff);
            }
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Null with probability {@code nullProbability}, else a generated value. */
    public static <T> T orNull(Random random, double nullProbability, Supplier<T> value) {
        return random.nextDouble() < nullProbability ? null : value.get();
    }

    public static <T> List<T> list(Random random, int minSize, int maxSize, Supplier<T> element) {
        int size = intBetween(random, minSize, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }
}

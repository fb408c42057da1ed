package dev.allocator.model.value;

import java.util.HexFormat;

/** Strict 0x-prefixed hexadecimal, the only hex the protocol speaks. */
public final class Hex {
    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {}

    /** Decodes {@code 0x}-prefixed hex of exactly {@code length} bytes, any letter case. */
    public static byte[] decode(String text, int length) {
        byte[] bytes = decode(text);
        if (bytes.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** Decodes {@code 0x}-prefixed hex of an even number of digits, any letter case. */
    public static byte[] decode(String text) {
        if (text == null || !text.startsWith("0x")) {
            throw new IllegalArgumentException("hex must start with 0x");
        }
        String digits = text.substring(2);
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("hex must have an even number of digits");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("invalid hex digit '" + digits.charAt(i) + "'");
            }
        }
        return LOWER.parseHex(digits);
    }

    public static String encode(byte[] bytes) {
        return "0x" + LOWER.formatHex(bytes);
    }

    /** True for {@code 0x} followed by one or more hex digits. */
    public static boolean isHexNumber(String text) {
        if (text == null || text.length() < 3 || !text.startsWith("0x")) {
            return false;
        }
        for (int i = 2; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}

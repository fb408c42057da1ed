package dev.allocator.http;

/**
 * Makes client-supplied text safe to log: line breaks and other control characters are escaped,
 * so a request cannot forge log lines, and long values are cut.
 */
public final class LogText {
    static final int MAX_LENGTH = 200;

    private LogText() {}

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= MAX_LENGTH) {
                return out.append("…(").append(text.length()).append(" chars)").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

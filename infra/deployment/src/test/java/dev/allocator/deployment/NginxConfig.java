package dev.allocator.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small reader of nginx's configuration syntax: directives of words and quoted strings ending in
 * {@code ;}, blocks in braces, comments from {@code #}. Enough for the gateway's file; it does not
 * expand includes or variables.
 */
final class NginxConfig {
    private NginxConfig() {}

    /** One directive: its name, its arguments (quotes removed) and, for a block, its children. */
    record Directive(String name, List<String> args, List<Directive> children) {
        boolean isBlock() {
            return children != null;
        }

        List<Directive> all(String name) {
            List<Directive> found = new ArrayList<>();
            if (children != null) {
                for (Directive child : children) {
                    if (child.name.equals(name)) {
                        found.add(child);
                    }
                }
            }
            return found;
        }

        Optional<Directive> first(String name) {
            List<Directive> found = all(name);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }

        String arg(int index) {
            return args.get(index);
        }

        @Override
        public String toString() {
            return name + " " + String.join(" ", args);
        }
    }

    /** The whole file as the children of a root block named "main". */
    static Directive parse(String text) {
        Parser parser = new Parser(tokenize(text));
        List<Directive> children = parser.block(false);
        return new Directive("main", List.of(), children);
    }

    private record Token(String text, boolean quoted) {
        boolean is(String punctuation) {
            return !quoted && text.equals(punctuation);
        }
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}' || c == ';') {
                tokens.add(new Token(String.valueOf(c), false));
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i));
                    i++;
                }
                if (i >= text.length()) {
                    throw new IllegalArgumentException("unterminated string in nginx configuration");
                }
                i++;
                tokens.add(new Token(value.toString(), true));
            } else {
                int start = i;
                while (i < text.length()
                        && !Character.isWhitespace(text.charAt(i))
                        && "{};".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), false));
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int position;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        List<Directive> block(boolean nested) {
            List<Directive> directives = new ArrayList<>();
            while (position < tokens.size()) {
                Token token = tokens.get(position);
                if (token.is("}")) {
                    if (!nested) {
                        throw new IllegalArgumentException("unbalanced '}' in nginx configuration");
                    }
                    position++;
                    return directives;
                }
                if (token.is("{") || token.is(";")) {
                    throw new IllegalArgumentException("directive without a name before '" + token.text() + "'");
                }
                String name = token.text();
                position++;
                List<String> args = new ArrayList<>();
                while (true) {
                    if (position >= tokens.size()) {
                        throw new IllegalArgumentException("directive '" + name + "' is not terminated");
                    }
                    Token next = tokens.get(position++);
                    if (next.is(";")) {
                        directives.add(new Directive(name, List.copyOf(args), null));
                        break;
                    }
                    if (next.is("{")) {
                        directives.add(new Directive(name, List.copyOf(args), block(true)));
                        break;
                    }
                    if (next.is("}")) {
                        throw new IllegalArgumentException("directive '" + name + "' is not terminated");
                    }
                    args.add(next.text());
                }
            }
            if (nested) {
                throw new IllegalArgumentException("a block in the nginx configuration is not closed");
            }
            return directives;
        }
    }
}

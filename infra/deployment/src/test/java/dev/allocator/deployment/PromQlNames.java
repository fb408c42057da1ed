package dev.allocator.deployment;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana label_values query) reads: what the offline
 * checks compare with the metrics contract and the local stack's scrape with what it exports.
 */
public final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan");
    /** An identifier not inside a number, a duration or a Grafana variable. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");

    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?\\s*,");

    private PromQlNames() {}

    /**
     * Identifiers left once strings, label matchers, ranges and groupings are gone, minus functions
     * (followed by a parenthesis) and keywords.
     */
    public static Set<String> metricsIn(List<String> expressions) {
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            if (expression.strip().startsWith("label_values(")) {
                Matcher labelValues = LABEL_VALUES.matcher(expression);
                if (labelValues.find()) {
                    metrics.add(labelValues.group(1));
                }
                continue;
            }
            String stripped = expression
                    .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
                    .replaceAll("'(\\\\.|[^'\\\\])*'", " ")
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
            Matcher identifier = IDENTIFIER.matcher(stripped);
            while (identifier.find()) {
                String token = identifier.group();
                if (token.endsWith("(") || KEYWORDS.contains(token.strip().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                metrics.add(token.strip());
            }
        }
        return metrics;
    }
}

package dev.allocator.indexer.standin;

import static dev.allocator.indexer.standin.PonderTables.Kind.HEX;

import dev.allocator.indexer.standin.PonderTables.Column;
import dev.allocator.indexer.standin.PonderTables.Table;
import graphql.schema.DataFetchingEnvironment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which rows a plural field answers with, as Ponder decides it: the {@code where} filter (values
 * on hex columns compare lowercase), ordering by one column ("asc" ascending, anything else
 * descending) with the primary key appended as tie-breaker in the same direction, and pages of
 * {@code limit} rows (default 50, at most 1000) after an opaque {@code after} cursor.
 */
final class PonderRowFilter {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SUFFIXES = List.of("_not_in", "_in", "_not", "_gte", "_gt", "_lte", "_lt");

    private PonderRowFilter() {}

    static Map<String, Object> page(
            Table table, List<Map<String, Object>> candidates, DataFetchingEnvironment environment) {
        Integer requestedLimit = environment.getArgument("limit");
        int limit = requestedLimit == null ? DEFAULT_LIMIT : requestedLimit;
        if (limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Invalid limit. Got " + limit + ", expected <=" + MAX_LIMIT + ".");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("Invalid limit. Got " + limit + ", expected >=0.");
        }
        String orderBy = environment.getArgument("orderBy");
        if (orderBy != null && table.column(orderBy) == null) {
            throw new IllegalArgumentException("Invalid orderBy column '" + orderBy + "' for " + table.type() + ".");
        }
        boolean ascending = environment.getArgument("orderDirection") == null
                || "asc".equals(environment.getArgument("orderDirection"));
        List<Column> sortKey = new ArrayList<>();
        if (orderBy != null) {
            sortKey.add(table.column(orderBy));
        }
        for (String key : table.primaryKey()) {
            if (!key.equals(orderBy)) {
                sortKey.add(table.column(key));
            }
        }
        Comparator<List<Object>> order = (left, right) -> compareKeys(left, right, ascending);

        Map<String, Object> where = environment.getArgument("where");
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> row : candidates) {
            if (where == null || matches(table, row, where)) {
                matching.add(row);
            }
        }
        matching.sort((left, right) -> order.compare(keyOf(left, sortKey), keyOf(right, sortKey)));

        int start = 0;
        String after = environment.getArgument("after");
        if (after != null) {
            List<Object> cursor = decodeCursor(after, sortKey);
            while (start < matching.size() && order.compare(keyOf(matching.get(start), sortKey), cursor) <= 0) {
                start++;
            }
        }
        int end = Math.min(matching.size(), start + limit);
        List<Map<String, Object>> items = matching.subList(start, end);

        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", end < matching.size());
        pageInfo.put("hasPreviousPage", start > 0);
        pageInfo.put("startCursor", items.isEmpty() ? null : encodeCursor(keyOf(items.get(0), sortKey)));
        pageInfo.put("endCursor", items.isEmpty() ? null : encodeCursor(keyOf(items.get(items.size() - 1), sortKey)));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", List.copyOf(items));
        page.put("pageInfo", pageInfo);
        page.put("totalCount", matching.size());
        return page;
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Table table, Map<String, Object> row, Map<String, Object> where) {
        for (Map.Entry<String, Object> condition : where.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals("AND") || field.equals("OR")) {
                if (value == null) {
                    continue;
                }
                List<Map<String, Object>> parts = (List<Map<String, Object>>) value;
                boolean and = field.equals("AND");
                boolean result = and
                        ? parts.stream().allMatch(part -> matches(table, row, part))
                        : parts.stream().anyMatch(part -> matches(table, row, part));
                if (!result) {
                    return false;
                }
                continue;
            }
            Column column = table.column(field);
            String op = "";
            if (column == null) {
                for (String suffix : SUFFIXES) {
                    if (field.endsWith(suffix)
                            && table.column(field.substring(0, field.length() - suffix.length())) != null) {
                        column = table.column(field.substring(0, field.length() - suffix.length()));
                        op = suffix;
                        break;
                    }
                }
            }
            if (column == null) {
                throw new IllegalArgumentException("Unknown filter field '" + field + "'.");
            }
            if (!holds(op, row.get(column.name()), normalize(column, value))) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean holds(String op, Object actual, Object expected) {
        switch (op) {
            case "":
                return Objects.equals(actual, expected);
            case "_not":
                return !Objects.equals(actual, expected);
            case "_in":
                return expected != null && ((List<?>) expected).contains(actual);
            case "_not_in":
                return expected != null && !((List<?>) expected).contains(actual);
            default:
                if (expected == null || actual == null) {
                    return false;
                }
                int comparison = ((Comparable) actual).compareTo(expected);
                return switch (op) {
                    case "_gt" -> comparison > 0;
                    case "_gte" -> comparison >= 0;
                    case "_lt" -> comparison < 0;
                    case "_lte" -> comparison <= 0;
                    default -> throw new IllegalStateException(op);
                };
        }
    }

    /** Lowercases hex filter values (and lists of them): hex columns compare case-insensitively. */
    static Object normalize(Column column, Object value) {
        if (column.kind() != HEX || value == null) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream()
                    .map(element -> element == null ? null : element.toString().toLowerCase(Locale.ROOT))
                    .toList();
        }
        return value.toString().toLowerCase(Locale.ROOT);
    }

    private static List<Object> keyOf(Map<String, Object> row, List<Column> sortKey) {
        List<Object> key = new ArrayList<>(sortKey.size());
        for (Column column : sortKey) {
            key.add(row.get(column.name()));
        }
        return key;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> left, List<Object> right, boolean ascending) {
        for (int i = 0; i < left.size(); i++) {
            int comparison = ((Comparable) left.get(i)).compareTo(right.get(i));
            if (comparison != 0) {
                return ascending ? comparison : -comparison;
            }
        }
        return 0;
    }

    private static String encodeCursor(List<Object> key) {
        List<String> values = key.stream().map(String::valueOf).toList();
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(JSON.writeValueAsString(values).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Object> decodeCursor(String cursor, List<Column> sortKey) {
        try {
            List<String> values = JSON.readValue(
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8),
                    new TypeReference<List<String>>() {});
            if (values.size() != sortKey.size()) {
                throw new IllegalArgumentException("wrong length");
            }
            List<Object> key = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String text = values.get(i);
                key.add(
                        switch (sortKey.get(i).kind()) {
                            case BIGINT -> new BigInteger(text);
                            case INT -> Integer.valueOf(text);
                            case BOOLEAN -> Boolean.valueOf(text);
                            case HEX, TEXT -> text;
                        });
            }
            return key;
        } catch (IllegalArgumentException | JacksonException e) {
            throw new IllegalArgumentException("Invalid cursor: " + cursor + " does not fit this ordering.", e);
        }
    }
}

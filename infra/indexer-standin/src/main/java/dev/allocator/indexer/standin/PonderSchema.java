package dev.allocator.indexer.standin;

import static dev.allocator.indexer.standin.PonderSchema.Kind.BIGINT;
import static dev.allocator.indexer.standin.PonderSchema.Kind.BOOLEAN;
import static dev.allocator.indexer.standin.PonderSchema.Kind.HEX;
import static dev.allocator.indexer.standin.PonderSchema.Kind.INT;
import static dev.allocator.indexer.standin.PonderSchema.Kind.TEXT;

import dev.allocator.indexer.standin.Rows.Row;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraphQL face of the stand-in: the tables and relations the allocator's three queries touch,
 * exposed the way Ponder generates its API. For each table there is a singular field (by primary
 * key, {@code null} when absent) and a plural field returning a page; relations to many rows take
 * the same paging arguments. Filters offer equality, {@code _not}, {@code _in}, {@code _not_in}
 * and, on numbers, {@code _gt}, {@code _gte}, {@code _lt}, {@code _lte}, combined with
 * {@code AND}/{@code OR}; values on hex columns compare lowercase. Ordering is by one column,
 * "asc" ascending and anything else descending, with the primary key appended as tie-breaker in
 * the same direction; pages hold {@code limit} rows (default 50, at most 1000) after an opaque
 * {@code after} cursor. The SDL is generated from the table definitions below so that every
 * filter input matches its table.
 */
final class PonderSchema {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SUFFIXES = List.of("_not_in", "_in", "_not", "_gte", "_gt", "_lte", "_lt");
    private static final String SNAPSHOT = "standin.snapshot";

    enum Kind {
        HEX("String"),
        TEXT("String"),
        BIGINT("BigInt"),
        INT("Int"),
        BOOLEAN("Boolean");

        final String graphQlType;

        Kind(String graphQlType) {
            this.graphQlType = graphQlType;
        }

        boolean ordered() {
            return this == BIGINT || this == INT;
        }
    }

    record Column(String name, Kind kind) {}

    /** A relation: child rows whose {@code childColumns} equal the parent's {@code parentColumns}. */
    record Relation(String field, String target, boolean many, List<String> parentColumns, List<String> childColumns) {}

    record Table(
            String type,
            String singular,
            String plural,
            List<Column> columns,
            List<String> primaryKey,
            List<Relation> relations,
            Function<Ledger, Collection<? extends Row>> rows) {

        Column column(String name) {
            return columns.stream()
                    .filter(column -> column.name().equals(name))
                    .findFirst()
                    .orElse(null);
        }

        /** Columns shown in output: a relation of the same name hides its column (Ponder's quirk). */
        List<Column> outputColumns() {
            return columns.stream()
                    .filter(column -> relations.stream()
                            .noneMatch(relation -> relation.field().equals(column.name())))
                    .toList();
        }
    }

    static final List<Table> TABLES = List.of(
            new Table(
                    "Allocator",
                    "allocator",
                    "allocators",
                    List.of(new Column("address", HEX), new Column("firstSeenAt", BIGINT)),
                    List.of("address"),
                    List.of(
                            new Relation(
                                    "supportedChains",
                                    "SupportedChain",
                                    true,
                                    List.of("address"),
                                    List.of("allocatorAddress")),
                            new Relation("claims", "Claim", true, List.of("address"), List.of("allocator"))),
                    Ledger::allocatorRows),
            new Table(
                    "SupportedChain",
                    "supportedChain",
                    "supportedChains",
                    List.of(
                            new Column("allocatorAddress", HEX),
                            new Column("chainId", BIGINT),
                            new Column("allocatorId", BIGINT),
                            new Column("firstSeenAt", BIGINT)),
                    List.of("allocatorAddress", "chainId"),
                    List.of(new Relation(
                            "allocator", "Allocator", false, List.of("allocatorAddress"), List.of("address"))),
                    Ledger::supportedChainRows),
            new Table(
                    "Account",
                    "account",
                    "accounts",
                    List.of(new Column("address", HEX), new Column("firstSeenAt", BIGINT)),
                    List.of("address"),
                    List.of(
                            new Relation(
                                    "resourceLocks",
                                    "AccountResourceLock",
                                    true,
                                    List.of("address"),
                                    List.of("accountAddress")),
                            new Relation("claims", "Claim", true, List.of("address"), List.of("sponsor"))),
                    Ledger::accountRows),
            new Table(
                    "ResourceLock",
                    "resourceLock",
                    "resourceLocks",
                    List.of(
                            new Column("lockId", BIGINT),
                            new Column("chainId", BIGINT),
                            new Column("tokenAddress", HEX),
                            new Column("allocatorAddress", HEX),
                            new Column("resetPeriod", BIGINT),
                            new Column("isMultichain", BOOLEAN),
                            new Column("mintedAt", BIGINT),
                            new Column("totalSupply", BIGINT)),
                    List.of("lockId", "chainId"),
                    List.of(),
                    Ledger::resourceLockRows),
            new Table(
                    "AccountResourceLock",
                    "accountResourceLock",
                    "accountResourceLocks",
                    List.of(
                            new Column("accountAddress", HEX),
                            new Column("resourceLock", BIGINT),
                            new Column("chainId", BIGINT),
                            new Column("tokenAddress", HEX),
                            new Column("balance", BIGINT),
                            new Column("withdrawalStatus", INT),
                            new Column("withdrawableAt", BIGINT),
                            new Column("lastUpdatedAt", BIGINT)),
                    List.of("accountAddress", "resourceLock", "chainId"),
                    List.of(
                            new Relation(
                                    "resourceLock",
                                    "ResourceLock",
                                    false,
                                    List.of("resourceLock", "chainId"),
                                    List.of("lockId", "chainId")),
                            new Relation("account", "Account", false, List.of("accountAddress"), List.of("address"))),
                    Ledger::balanceRows),
            new Table(
                    "AccountDelta",
                    "accountDelta",
                    "accountDeltas",
                    List.of(
                            new Column("id", TEXT),
                            new Column("address", HEX),
                            new Column("counterparty", HEX),
                            new Column("tokenAddress", HEX),
                            new Column("resourceLock", BIGINT),
                            new Column("chainId", BIGINT),
                            new Column("delta", BIGINT),
                            new Column("blockNumber", BIGINT),
                            new Column("blockTimestamp", BIGINT)),
                    List.of("id"),
                    List.of(),
                    Ledger::deltaRows),
            new Table(
                    "Claim",
                    "claim",
                    "claims",
                    List.of(
                            new Column("claimHash", HEX),
                            new Column("chainId", BIGINT),
                            new Column("sponsor", HEX),
                            new Column("allocator", HEX),
                            new Column("arbiter", HEX),
                            new Column("timestamp", BIGINT),
                            new Column("blockNumber", BIGINT)),
                    List.of("claimHash", "chainId"),
                    List.of(),
                    Ledger::claimRows));

    private PonderSchema() {}

    static Table table(String type) {
        return TABLES.stream()
                .filter(table -> table.type().equals(type))
                .findFirst()
                .orElseThrow();
    }

    /** The schema in SDL, as a client's introspection would see it. */
    static String sdl() {
        StringBuilder sdl = new StringBuilder();
        sdl.append("scalar BigInt\n\n");
        sdl.append("type PageInfo {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n"
                + "  startCursor: String\n  endCursor: String\n}\n\n");
        sdl.append("type Query {\n");
        for (Table table : TABLES) {
            List<String> keys = new ArrayList<>();
            for (String key : table.primaryKey()) {
                keys.add(key + ": " + table.column(key).kind().graphQlType + "!");
            }
            sdl.append("  ")
                    .append(table.singular())
                    .append('(')
                    .append(String.join(", ", keys))
                    .append("): ")
                    .append(table.type())
                    .append('\n');
            sdl.append("  ")
                    .append(table.plural())
                    .append(pageArguments(table.type()))
                    .append(": ")
                    .append(table.type())
                    .append("Page!\n");
        }
        sdl.append("}\n\n");
        for (Table table : TABLES) {
            sdl.append("type ").append(table.type()).append(" {\n");
            for (Column column : table.outputColumns()) {
                sdl.append("  ")
                        .append(column.name())
                        .append(": ")
                        .append(column.kind().graphQlType)
                        .append("!\n");
            }
            for (Relation relation : table.relations()) {
                sdl.append("  ").append(relation.field());
                if (relation.many()) {
                    sdl.append(pageArguments(relation.target()))
                            .append(": ")
                            .append(relation.target())
                            .append("Page!\n");
                } else {
                    sdl.append(": ").append(relation.target()).append('\n');
                }
            }
            sdl.append("}\n\n");
            sdl.append("type ")
                    .append(table.type())
                    .append("Page {\n  items: [")
                    .append(table.type())
                    .append("!]!\n  pageInfo: PageInfo!\n  totalCount: Int!\n}\n\n");
            String filter = table.type() + "Filter";
            sdl.append("input ").append(filter).append(" {\n");
            sdl.append("  AND: [").append(filter).append("!]\n");
            sdl.append("  OR: [").append(filter).append("!]\n");
            for (Column column : table.columns()) {
                String type = column.kind().graphQlType;
                String name = column.name();
                sdl.append("  ").append(name).append(": ").append(type).append('\n');
                sdl.append("  ").append(name).append("_not: ").append(type).append('\n');
                sdl.append("  ").append(name).append("_in: [").append(type).append("]\n");
                sdl.append("  ").append(name).append("_not_in: [").append(type).append("]\n");
                if (column.kind().ordered()) {
                    for (String op : List.of("_gt", "_gte", "_lt", "_lte")) {
                        sdl.append("  ")
                                .append(name)
                                .append(op)
                                .append(": ")
                                .append(type)
                                .append('\n');
                    }
                }
            }
            sdl.append("}\n\n");
        }
        return sdl.toString();
    }

    private static String pageArguments(String type) {
        return "(where: " + type + "Filter, orderBy: String, orderDirection: String, after: String, limit: Int)";
    }

    /** An executable schema over the ledger; execute requests through {@link #input}. */
    static GraphQL build(Ledger ledger) {
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().scalar(BigIntScalar.INSTANCE);
        TypeRuntimeWiring.Builder query = TypeRuntimeWiring.newTypeWiring("Query");
        for (Table table : TABLES) {
            query.dataFetcher(table.singular(), environment -> singular(table, environment));
            query.dataFetcher(
                    table.plural(),
                    environment -> page(table, snapshot(environment).rows(table), environment));
            TypeRuntimeWiring.Builder type = TypeRuntimeWiring.newTypeWiring(table.type());
            for (Relation relation : table.relations()) {
                type.dataFetcher(relation.field(), relationFetcher(relation));
            }
            wiring.type(type);
        }
        wiring.type(query);
        GraphQLSchema schema =
                new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl()), wiring.build());
        DataFetcherExceptionHandler plainMessages =
                parameters -> CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult()
                        .error(GraphqlErrorBuilder.newError()
                                .message(
                                        String.valueOf(parameters.getException().getMessage()))
                                .path(parameters.getPath())
                                .location(parameters.getSourceLocation())
                                .build())
                        .build());
        return GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(plainMessages)
                .preparsedDocumentProvider(new ParsedQueries())
                .build();
    }

    /**
     * Clients send the same few query texts with different variables: parse and validate each text
     * once. Bounded, since the stand-in is open to any query.
     */
    private static final class ParsedQueries implements PreparsedDocumentProvider {
        private static final int MAX_ENTRIES = 256;
        private final Map<String, PreparsedDocumentEntry> entries = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
                ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            if (entries.size() > MAX_ENTRIES) {
                entries.clear();
            }
            return CompletableFuture.completedFuture(
                    entries.computeIfAbsent(input.getQuery(), query -> parseAndValidate.apply(input)));
        }
    }

    /** A request bound to one read of the ledger; run it under {@link Ledger#read}. */
    static ExecutionInput input(Ledger ledger, String query, Map<String, Object> variables, String operationName) {
        return ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables == null ? Map.of() : variables)
                .operationName(operationName)
                .graphQLContext(Map.of(SNAPSHOT, new Snapshot(ledger)))
                .build();
    }

    private static Snapshot snapshot(DataFetchingEnvironment environment) {
        return environment.getGraphQlContext().get(SNAPSHOT);
    }

    private static Map<String, Object> singular(Table table, DataFetchingEnvironment environment) {
        List<Object> key = new ArrayList<>();
        for (String column : table.primaryKey()) {
            key.add(normalize(table.column(column), environment.getArgument(column)));
        }
        List<Map<String, Object>> found =
                snapshot(environment).index(table, table.primaryKey()).get(key);
        return found == null || found.isEmpty() ? null : found.get(0);
    }

    private static DataFetcher<Object> relationFetcher(Relation relation) {
        Table target = table(relation.target());
        return environment -> {
            Map<String, Object> parent = environment.getSource();
            List<Object> key = new ArrayList<>();
            for (String column : relation.parentColumns()) {
                key.add(parent.get(column));
            }
            List<Map<String, Object>> children =
                    snapshot(environment).index(target, relation.childColumns()).getOrDefault(key, List.of());
            if (relation.many()) {
                return page(target, children, environment);
            }
            return children.isEmpty() ? null : children.get(0);
        };
    }

    private static Map<String, Object> page(
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
    private static Object normalize(Column column, Object value) {
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

    /** One request's view of the ledger: rows materialized once, indexes built on demand. */
    private static final class Snapshot {
        private final Ledger ledger;
        private final Map<String, List<Map<String, Object>>> rows = new HashMap<>();
        private final Map<List<Object>, Map<List<Object>, List<Map<String, Object>>>> indexes = new HashMap<>();

        Snapshot(Ledger ledger) {
            this.ledger = ledger;
        }

        synchronized List<Map<String, Object>> rows(Table table) {
            return rows.computeIfAbsent(
                    table.type(),
                    type -> table.rows().apply(ledger).stream()
                            .map(Row::columns)
                            .toList());
        }

        synchronized Map<List<Object>, List<Map<String, Object>>> index(Table table, List<String> columns) {
            List<Object> indexKey = List.of(table.type(), columns);
            Map<List<Object>, List<Map<String, Object>>> index = indexes.get(indexKey);
            if (index == null) {
                index = new HashMap<>();
                for (Map<String, Object> row : rows(table)) {
                    List<Object> key = new ArrayList<>();
                    for (String column : columns) {
                        key.add(row.get(column));
                    }
                    index.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
                }
                indexes.put(indexKey, index);
            }
            return index;
        }
    }
}

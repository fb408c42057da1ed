package dev.allocator.indexer.standin;

import dev.allocator.indexer.standin.PonderTables.Relation;
import dev.allocator.indexer.standin.PonderTables.Table;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The GraphQL face of the stand-in: wires the schema {@link PonderSdl} writes from {@link
 * PonderTables} to the ledger, the way Ponder generates its API. A singular field finds its row
 * by primary key ({@code null} when absent); plural fields and relations to many rows answer with
 * a page that {@link PonderRowFilter} cuts. Each request reads one snapshot of the ledger.
 */
final class PonderSchema {
    private static final String SNAPSHOT = "standin.snapshot";

    private PonderSchema() {}

    /** An executable schema over the ledger; execute requests through {@link #input}. */
    static GraphQL build(Ledger ledger) {
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().scalar(BigIntScalar.INSTANCE);
        TypeRuntimeWiring.Builder query = TypeRuntimeWiring.newTypeWiring("Query");
        for (Table table : PonderTables.TABLES) {
            query.dataFetcher(table.singular(), environment -> singular(table, environment));
            query.dataFetcher(
                    table.plural(),
                    environment ->
                            PonderRowFilter.page(table, snapshot(environment).rows(table), environment));
            TypeRuntimeWiring.Builder type = TypeRuntimeWiring.newTypeWiring(table.type());
            for (Relation relation : table.relations()) {
                type.dataFetcher(relation.field(), relationFetcher(relation));
            }
            wiring.type(type);
        }
        wiring.type(query);
        GraphQLSchema schema =
                new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(PonderSdl.sdl()), wiring.build());
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
            key.add(PonderRowFilter.normalize(table.column(column), environment.getArgument(column)));
        }
        List<Map<String, Object>> found =
                snapshot(environment).index(table, table.primaryKey()).get(key);
        return found == null || found.isEmpty() ? null : found.get(0);
    }

    private static DataFetcher<Object> relationFetcher(Relation relation) {
        Table target = PonderTables.table(relation.target());
        return environment -> {
            Map<String, Object> parent = environment.getSource();
            List<Object> key = new ArrayList<>();
            for (String column : relation.parentColumns()) {
                key.add(parent.get(column));
            }
            List<Map<String, Object>> children =
                    snapshot(environment).index(target, relation.childColumns()).getOrDefault(key, List.of());
            if (relation.many()) {
                return PonderRowFilter.page(target, children, environment);
            }
            return children.isEmpty() ? null : children.get(0);
        };
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

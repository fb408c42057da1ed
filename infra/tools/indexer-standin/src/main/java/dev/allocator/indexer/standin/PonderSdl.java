package dev.allocator.indexer.standin;

import dev.allocator.indexer.standin.PonderTables.Column;
import dev.allocator.indexer.standin.PonderTables.Relation;
import dev.allocator.indexer.standin.PonderTables.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in's GraphQL schema in SDL, generated from {@link PonderTables} so that every filter
 * input matches its table: per table a singular field (by primary key) and a plural field
 * returning a page, relations to many rows with the same paging arguments, and a filter input
 * with equality, {@code _not}, {@code _in}, {@code _not_in} and, on numbers, {@code _gt},
 * {@code _gte}, {@code _lt}, {@code _lte}, combined with {@code AND}/{@code OR}.
 */
final class PonderSdl {
    private PonderSdl() {}

    /** The schema in SDL, as a client's introspection would see it. */
    static String sdl() {
        StringBuilder sdl = new StringBuilder();
        sdl.append("scalar BigInt\n\n");
        sdl.append("type PageInfo {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n"
                + "  startCursor: String\n  endCursor: String\n}\n\n");
        sdl.append("type Query {\n");
        for (Table table : PonderTables.TABLES) {
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
        for (Table table : PonderTables.TABLES) {
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
}

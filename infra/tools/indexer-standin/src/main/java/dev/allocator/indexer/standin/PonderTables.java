package dev.allocator.indexer.standin;

import static dev.allocator.indexer.standin.PonderTables.Kind.BIGINT;
import static dev.allocator.indexer.standin.PonderTables.Kind.BOOLEAN;
import static dev.allocator.indexer.standin.PonderTables.Kind.HEX;
import static dev.allocator.indexer.standin.PonderTables.Kind.INT;
import static dev.allocator.indexer.standin.PonderTables.Kind.TEXT;

import dev.allocator.indexer.standin.Rows.Row;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The tables and relations the allocator's three queries touch, declared as Ponder generates
 * them from The Compact indexer's schema: columns with their kinds, primary keys, relations, and
 * where in the {@link Ledger} each table's rows come from. {@link PonderSdl} writes the schema
 * from these, {@link PonderSchema} wires it, {@link PonderRowFilter} filters and pages the rows.
 */
final class PonderTables {
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

    private PonderTables() {}

    static Table table(String type) {
        return TABLES.stream()
                .filter(table -> table.type().equals(type))
                .findFirst()
                .orElseThrow();
    }
}

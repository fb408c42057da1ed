package dev.allocator.indexer.standin;

import dev.allocator.indexer.standin.Rows.AccountRow;
import dev.allocator.indexer.standin.Rows.AllocatorRow;
import dev.allocator.indexer.standin.Rows.BalanceRow;
import dev.allocator.indexer.standin.Rows.ClaimRow;
import dev.allocator.indexer.standin.Rows.DeltaRow;
import dev.allocator.indexer.standin.Rows.ResourceLockRow;
import dev.allocator.indexer.standin.Rows.Row;
import dev.allocator.indexer.standin.Rows.SupportedChainRow;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The stand-in's in-memory copy of what the indexer would have indexed from the chain. It changes
 * only through the methods below, each of which mirrors one on-chain event the way the indexer's
 * handlers record it: {@code AllocatorRegistered}, an ERC-6909 {@code Transfer} (a mint for a
 * deposit, a burn for a transfer to the zero address), {@code ForcedWithdrawalStatusUpdated} and
 * {@code Claim}. Every event lands in a new block of its chain. Events the chain would revert fail
 * with {@link RejectedEventException} and change nothing.
 *
 * <p>Thread-safe: writers take a write lock, and each GraphQL request reads under one read lock,
 * so a request sees one consistent state.
 */
public final class Ledger {
    private final Supplier<Instant> clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final Map<String, AllocatorRow> allocators = new LinkedHashMap<>();
    private final Map<List<Object>, SupportedChainRow> supportedChains = new LinkedHashMap<>();
    private final Map<List<Object>, String> allocatorsById = new HashMap<>();
    private final Map<String, AccountRow> accounts = new LinkedHashMap<>();
    private final Map<List<Object>, ResourceLockRow> resourceLocks = new LinkedHashMap<>();
    private final Map<List<Object>, BalanceRow> balances = new LinkedHashMap<>();
    private final List<DeltaRow> deltas = new ArrayList<>();
    private final Map<List<Object>, ClaimRow> claims = new LinkedHashMap<>();
    private final Map<Long, Long> blockNumbers = new HashMap<>();
    /** Balances GraphQL serves instead of the real ones: faults injected by tests, never chain events. */
    private final Map<List<Object>, BigInteger> oddBalances = new HashMap<>();

    Ledger(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** The stand-in's current time: the default block timestamp of every event. */
    public Instant now() {
        return clock.get();
    }

    /**
     * AllocatorRegistered: the allocator may now be named by lock ids carrying {@code allocatorId}
     * on this chain. Registering the same pair again is a no-op.
     *
     * @throws RejectedEventException when the id is out of range, taken by another allocator, or
     *     the allocator already has another id on this chain
     */
    public SupportedChain registerAllocator(ChainId chainId, Address allocator, BigInteger allocatorId) {
        if (allocatorId.signum() < 0 || allocatorId.compareTo(LockIds.MAX_ALLOCATOR_ID) > 0) {
            throw new RejectedEventException("allocatorId must be between 0 and 2^92-1");
        }
        return write(() -> {
            long chain = chainId.value();
            String address = allocator.lowercase();
            String holder = allocatorsById.get(List.of(chain, allocatorId));
            if (holder != null && !holder.equals(address)) {
                throw new RejectedEventException(
                        "allocatorId " + allocatorId + " is already registered to " + holder + " on chain " + chain);
            }
            SupportedChainRow existing = supportedChains.get(List.of(address, chain));
            if (existing != null) {
                if (!existing.allocatorId().equals(allocatorId)) {
                    throw new RejectedEventException("allocator " + address + " is already registered on chain " + chain
                            + " with allocatorId " + existing.allocatorId());
                }
                return toSupportedChain(existing);
            }
            long at = nowSeconds();
            nextBlock(chain);
            allocators.putIfAbsent(address, new AllocatorRow(address, at));
            SupportedChainRow row = new SupportedChainRow(address, chain, allocatorId, at);
            supportedChains.put(List.of(address, chain), row);
            allocatorsById.put(List.of(chain, allocatorId), address);
            return toSupportedChain(row);
        });
    }

    /** A deposit at the stand-in's current time. */
    public Balance deposit(ChainId chainId, Address account, LockId lockId, Uint256 amount) {
        return deposit(chainId, account, lockId, amount, now());
    }

    /**
     * A deposit: the lock's token is minted to {@code account}. Credits the balance, records a
     * positive delta with the zero address as counterparty, and creates the resource lock on its
     * first mint with the allocator registered under the lock id's allocator id (bits 160-251).
     *
     * @throws RejectedEventException when the amount is zero or no allocator is registered under
     *     that id on the chain: The Compact reverts such deposits, so the indexer never sees them
     */
    public Balance deposit(ChainId chainId, Address account, LockId lockId, Uint256 amount, Instant blockTimestamp) {
        requirePositive(amount);
        return write(() -> {
            long chain = chainId.value();
            String allocator = allocatorsById.get(List.of(chain, lockId.allocatorId()));
            if (allocator == null) {
                throw new RejectedEventException("no allocator is registered with allocatorId " + lockId.allocatorId()
                        + " on chain " + chain + " (The Compact rejects deposits into unregistered allocators;"
                        + " register the allocator first)");
            }
            BigInteger id = lockId.value().value();
            // Checked before anything changes: The Compact's checked arithmetic reverts the mint.
            ResourceLockRow existingLock = resourceLocks.get(List.of(id, chain));
            BalanceRow existingBalance = balances.get(List.of(account.lowercase(), id, chain));
            if (overflows(existingLock == null ? null : existingLock.totalSupply(), amount)
                    || overflows(existingBalance == null ? null : existingBalance.balance(), amount)) {
                throw new RejectedEventException("deposit of " + amount + " would take lock " + id + " on chain "
                        + chain + " past 2^256-1 (The Compact reverts it)");
            }
            long at = blockTimestamp.getEpochSecond();
            long block = nextBlock(chain);
            String token = lockId.token().lowercase();
            resourceLocks.merge(
                    List.of(id, chain),
                    new ResourceLockRow(
                            id,
                            chain,
                            token,
                            allocator,
                            lockId.resetPeriod().seconds(),
                            LockIds.isMultichain(lockId),
                            at,
                            amount.value()),
                    (old, fresh) -> old.withTotalSupply(old.totalSupply().add(amount.value())));
            BalanceRow credited = credit(account.lowercase(), lockId, chain, amount.value(), at);
            deltas.add(new DeltaRow(
                    deltaId(chain, block, "to"),
                    account.lowercase(),
                    Address.ZERO.lowercase(),
                    token,
                    id,
                    chain,
                    amount.value(),
                    block,
                    at));
            return toBalance(credited);
        });
    }

    /** A transfer at the stand-in's current time. */
    public Transfer transfer(ChainId chainId, Address from, Address to, LockId lockId, Uint256 amount) {
        return transfer(chainId, from, to, lockId, amount, now());
    }

    /**
     * An ERC-6909 transfer of the lock's token: a negative delta for {@code from} and a positive
     * one for {@code to}. A transfer to the zero address is a withdrawal: it burns the amount (the
     * lock's total supply falls) and records only the negative delta.
     *
     * @throws RejectedEventException when {@code from} is the zero address (use a deposit), the
     *     amount is zero, or {@code from} holds less than the amount
     */
    public Transfer transfer(
            ChainId chainId, Address from, Address to, LockId lockId, Uint256 amount, Instant blockTimestamp) {
        requirePositive(amount);
        if (from.equals(Address.ZERO)) {
            throw new RejectedEventException("from must not be the zero address: a mint is a deposit");
        }
        return write(() -> {
            long chain = chainId.value();
            BigInteger id = lockId.value().value();
            BalanceRow source = balances.get(List.of(from.lowercase(), id, chain));
            BigInteger held = source == null ? BigInteger.ZERO : source.balance();
            if (held.compareTo(amount.value()) < 0) {
                throw new RejectedEventException("insufficient balance: " + from.lowercase() + " holds " + held
                        + " of lock " + id + " on chain " + chain + ", cannot transfer " + amount);
            }
            long at = blockTimestamp.getEpochSecond();
            long block = nextBlock(chain);
            String token = lockId.token().lowercase();
            BalanceRow debited = source.withBalance(held.subtract(amount.value()), at);
            balances.put(List.of(from.lowercase(), id, chain), debited);
            ensureAccount(from.lowercase(), at);
            deltas.add(new DeltaRow(
                    deltaId(chain, block, "from"),
                    from.lowercase(),
                    to.lowercase(),
                    token,
                    id,
                    chain,
                    amount.value().negate(),
                    block,
                    at));
            if (to.equals(Address.ZERO)) {
                resourceLocks.computeIfPresent(
                        List.of(id, chain),
                        (key, old) -> old.withTotalSupply(old.totalSupply().subtract(amount.value())));
                return new Transfer(toBalance(debited), null);
            }
            BalanceRow credited = credit(to.lowercase(), lockId, chain, amount.value(), at);
            deltas.add(new DeltaRow(
                    deltaId(chain, block, "to"),
                    to.lowercase(),
                    from.lowercase(),
                    token,
                    id,
                    chain,
                    amount.value(),
                    block,
                    at));
            return new Transfer(toBalance(debited), toBalance(credited));
        });
    }

    /**
     * ForcedWithdrawalStatusUpdated(activating = true): the account's row on the lock gets
     * withdrawalStatus 1 and the given withdrawableAt; null means now plus the lock's reset period,
     * as the contract computes it.
     */
    public Balance enableForcedWithdrawal(ChainId chainId, Address account, LockId lockId, Instant withdrawableAt) {
        return write(() -> {
            long at = nowSeconds();
            long when = withdrawableAt == null ? at + lockId.resetPeriod().seconds() : withdrawableAt.getEpochSecond();
            return updateWithdrawal(chainId, account, lockId, 1, when, at);
        });
    }

    /** ForcedWithdrawalStatusUpdated(activating = false): withdrawalStatus 0, withdrawableAt 0. */
    public Balance disableForcedWithdrawal(ChainId chainId, Address account, LockId lockId) {
        return write(() -> updateWithdrawal(chainId, account, lockId, 0, 0, nowSeconds()));
    }

    /** A claim processed at the stand-in's current time. */
    public Claim claim(ChainId chainId, Bytes32 claimHash, Address sponsor, Address allocator, Address arbiter) {
        return claim(chainId, claimHash, sponsor, allocator, arbiter, now());
    }

    /**
     * Claim: the arbiter processed a compact with this claim hash. Only the Claim event is
     * recorded; the token movements a real claim causes are separate transfers.
     *
     * @throws RejectedEventException when this claim hash was already processed on the chain
     */
    public Claim claim(
            ChainId chainId,
            Bytes32 claimHash,
            Address sponsor,
            Address allocator,
            Address arbiter,
            Instant timestamp) {
        return write(() -> {
            long chain = chainId.value();
            if (claims.containsKey(List.of(claimHash.value(), chain))) {
                throw new RejectedEventException("claim " + claimHash + " was already processed on chain " + chain);
            }
            long at = timestamp.getEpochSecond();
            long block = nextBlock(chain);
            ensureAccount(sponsor.lowercase(), at);
            ensureAccount(allocator.lowercase(), at);
            ClaimRow row = new ClaimRow(
                    claimHash.value(),
                    chain,
                    sponsor.lowercase(),
                    allocator.lowercase(),
                    arbiter.lowercase(),
                    at,
                    block);
            claims.put(List.of(claimHash.value(), chain), row);
            return new Claim(chainId, claimHash, sponsor, allocator, arbiter, Instant.ofEpochSecond(at));
        });
    }

    /**
     * A fault no chain event can cause: from now on GraphQL serves {@code served} as the
     * account's balance on the lock (2^256, say), while the ledger itself keeps the real one. For
     * testing how a client copes with an indexer answering nonsense about one lock.
     *
     * @throws IllegalStateException when the account never held the lock
     */
    void serveOddBalance(ChainId chainId, Address account, LockId lockId, BigInteger served) {
        write(() -> {
            List<Object> key = List.of(account.lowercase(), lockId.value().value(), chainId.value());
            if (!balances.containsKey(key)) {
                throw new IllegalStateException("deposit first: " + account.lowercase() + " never held lock " + lockId);
            }
            oddBalances.put(key, served);
            return null;
        });
    }

    /** The account's row on a lock, or null when it never held the lock. */
    public Balance balance(ChainId chainId, Address account, LockId lockId) {
        return read(() -> {
            BalanceRow row =
                    balances.get(List.of(account.lowercase(), lockId.value().value(), chainId.value()));
            return row == null ? null : toBalance(row);
        });
    }

    /** Every table, rows as the GraphQL layer serializes them (bigints as decimal strings). */
    public Map<String, List<Map<String, Object>>> dump() {
        return read(() -> {
            Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
            tables.put("allocators", serialized(allocators.values()));
            tables.put("supportedChains", serialized(supportedChains.values()));
            tables.put("accounts", serialized(accounts.values()));
            tables.put("resourceLocks", serialized(resourceLocks.values()));
            tables.put("accountResourceLocks", serialized(balances.values()));
            tables.put("accountDeltas", serialized(deltas));
            tables.put("claims", serialized(claims.values()));
            return tables;
        });
    }

    /** Runs {@code reader} under the read lock, so it sees one state. */
    <T> T read(Supplier<T> reader) {
        lock.readLock().lock();
        try {
            return reader.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    // The raw tables; callers hold the read lock.

    Collection<AllocatorRow> allocatorRows() {
        return allocators.values();
    }

    Collection<SupportedChainRow> supportedChainRows() {
        return supportedChains.values();
    }

    Collection<AccountRow> accountRows() {
        return accounts.values();
    }

    Collection<ResourceLockRow> resourceLockRows() {
        return resourceLocks.values();
    }

    Collection<BalanceRow> balanceRows() {
        if (oddBalances.isEmpty()) {
            return balances.values();
        }
        List<BalanceRow> served = new ArrayList<>(balances.size());
        for (Map.Entry<List<Object>, BalanceRow> entry : balances.entrySet()) {
            BigInteger odd = oddBalances.get(entry.getKey());
            BalanceRow row = entry.getValue();
            served.add(odd == null ? row : row.withBalance(odd, row.lastUpdatedAt()));
        }
        return served;
    }

    Collection<DeltaRow> deltaRows() {
        return deltas;
    }

    Collection<ClaimRow> claimRows() {
        return claims.values();
    }

    private <T> T write(Supplier<T> writer) {
        lock.writeLock().lock();
        try {
            return writer.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Balance updateWithdrawal(ChainId chainId, Address account, LockId lockId, int status, long when, long at) {
        long chain = chainId.value();
        List<Object> key = List.of(account.lowercase(), lockId.value().value(), chain);
        BalanceRow row = balances.get(key);
        if (row == null) {
            throw new RejectedEventException(account.lowercase() + " never held lock " + lockId + " on chain " + chain
                    + " (the indexer would ignore this status change)");
        }
        nextBlock(chain);
        BalanceRow updated = row.withWithdrawal(status, when, at);
        balances.put(key, updated);
        return toBalance(updated);
    }

    private BalanceRow credit(String account, LockId lockId, long chain, BigInteger amount, long at) {
        ensureAccount(account, at);
        BigInteger id = lockId.value().value();
        return balances.merge(
                List.of(account, id, chain),
                new BalanceRow(account, id, chain, lockId.token().lowercase(), amount, 0, 0, at),
                (old, fresh) -> old.withBalance(old.balance().add(amount), at));
    }

    private void ensureAccount(String address, long at) {
        accounts.putIfAbsent(address, new AccountRow(address, at));
    }

    private long nextBlock(long chain) {
        return blockNumbers.merge(chain, 1L, Long::sum);
    }

    private long nowSeconds() {
        return clock.get().getEpochSecond();
    }

    private static String deltaId(long chain, long block, String side) {
        return chain + "-" + block + "-0-" + side;
    }

    private static boolean overflows(BigInteger held, Uint256 amount) {
        return held != null && held.add(amount.value()).compareTo(Uint256.MAX_VALUE) > 0;
    }

    private static void requirePositive(Uint256 amount) {
        if (amount.isZero()) {
            throw new RejectedEventException("amount must be positive");
        }
    }

    private static List<Map<String, Object>> serialized(Collection<? extends Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> columns = new LinkedHashMap<>();
            row.columns()
                    .forEach(
                            (name, value) -> columns.put(name, value instanceof BigInteger ? value.toString() : value));
            out.add(columns);
        }
        return out;
    }

    private static SupportedChain toSupportedChain(SupportedChainRow row) {
        return new SupportedChain(
                Address.of(row.allocatorAddress()), ChainId.of(row.chainId()), new Uint256(row.allocatorId()));
    }

    private static Balance toBalance(BalanceRow row) {
        return new Balance(
                ChainId.of(row.chainId()),
                Address.of(row.accountAddress()),
                new LockId(new Uint256(row.resourceLock())),
                new Uint256(row.balance()),
                row.withdrawalStatus(),
                row.withdrawableAt());
    }

    /** An allocator's registration on one chain. */
    public record SupportedChain(Address allocator, ChainId chainId, Uint256 allocatorId) {}

    /** An account's row on one lock. */
    public record Balance(
            ChainId chainId,
            Address account,
            LockId lockId,
            Uint256 balance,
            int withdrawalStatus,
            long withdrawableAt) {}

    /** Both sides of a transfer; {@code to} is null for a withdrawal (a transfer to zero). */
    public record Transfer(Balance from, Balance to) {}

    /** A processed claim. */
    public record Claim(
            ChainId chainId,
            Bytes32 claimHash,
            Address sponsor,
            Address allocator,
            Address arbiter,
            Instant timestamp) {}
}

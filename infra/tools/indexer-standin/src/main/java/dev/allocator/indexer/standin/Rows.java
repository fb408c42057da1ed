package dev.allocator.indexer.standin;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stand-in's tables, one record per row, in the shapes the indexer's Ponder schema gives
 * them. Hex columns hold lowercase strings, bigint columns {@link BigInteger}s, timestamps are
 * seconds. {@link Row#columns()} is what the GraphQL layer filters, orders and serializes.
 */
final class Rows {
    private Rows() {}

    interface Row {
        Map<String, Object> columns();
    }

    record AllocatorRow(String address, long firstSeenAt) implements Row {
        @Override
        public Map<String, Object> columns() {
            return columnsOf("address", address, "firstSeenAt", BigInteger.valueOf(firstSeenAt));
        }
    }

    record SupportedChainRow(String allocatorAddress, long chainId, BigInteger allocatorId, long firstSeenAt)
            implements Row {
        @Override
        public Map<String, Object> columns() {
            return columnsOf(
                    "allocatorAddress",
                    allocatorAddress,
                    "chainId",
                    BigInteger.valueOf(chainId),
                    "allocatorId",
                    allocatorId,
                    "firstSeenAt",
                    BigInteger.valueOf(firstSeenAt));
        }
    }

    record AccountRow(String address, long firstSeenAt) implements Row {
        @Override
        public Map<String, Object> columns() {
            return columnsOf("address", address, "firstSeenAt", BigInteger.valueOf(firstSeenAt));
        }
    }

    record ResourceLockRow(
            BigInteger lockId,
            long chainId,
            String tokenAddress,
            String allocatorAddress,
            long resetPeriod,
            boolean isMultichain,
            long mintedAt,
            BigInteger totalSupply)
            implements Row {
        ResourceLockRow withTotalSupply(BigInteger supply) {
            return new ResourceLockRow(
                    lockId, chainId, tokenAddress, allocatorAddress, resetPeriod, isMultichain, mintedAt, supply);
        }

        @Override
        public Map<String, Object> columns() {
            return columnsOf(
                    "lockId", lockId,
                    "chainId", BigInteger.valueOf(chainId),
                    "tokenAddress", tokenAddress,
                    "allocatorAddress", allocatorAddress,
                    "resetPeriod", BigInteger.valueOf(resetPeriod),
                    "isMultichain", isMultichain,
                    "mintedAt", BigInteger.valueOf(mintedAt),
                    "totalSupply", totalSupply);
        }
    }

    /** Ponder's account_resource_lock_balance; {@code resourceLock} is the lock id. */
    record BalanceRow(
            String accountAddress,
            BigInteger resourceLock,
            long chainId,
            String tokenAddress,
            BigInteger balance,
            int withdrawalStatus,
            long withdrawableAt,
            long lastUpdatedAt)
            implements Row {
        BalanceRow withBalance(BigInteger newBalance, long at) {
            return new BalanceRow(
                    accountAddress,
                    resourceLock,
                    chainId,
                    tokenAddress,
                    newBalance,
                    withdrawalStatus,
                    withdrawableAt,
                    at);
        }

        BalanceRow withWithdrawal(int status, long when, long at) {
            return new BalanceRow(accountAddress, resourceLock, chainId, tokenAddress, balance, status, when, at);
        }

        @Override
        public Map<String, Object> columns() {
            return columnsOf(
                    "accountAddress", accountAddress,
                    "resourceLock", resourceLock,
                    "chainId", BigInteger.valueOf(chainId),
                    "tokenAddress", tokenAddress,
                    "balance", balance,
                    "withdrawalStatus", withdrawalStatus,
                    "withdrawableAt", BigInteger.valueOf(withdrawableAt),
                    "lastUpdatedAt", BigInteger.valueOf(lastUpdatedAt));
        }
    }

    record DeltaRow(
            String id,
            String address,
            String counterparty,
            String tokenAddress,
            BigInteger resourceLock,
            long chainId,
            BigInteger delta,
            long blockNumber,
            long blockTimestamp)
            implements Row {
        @Override
        public Map<String, Object> columns() {
            return columnsOf(
                    "id", id,
                    "address", address,
                    "counterparty", counterparty,
                    "tokenAddress", tokenAddress,
                    "resourceLock", resourceLock,
                    "chainId", BigInteger.valueOf(chainId),
                    "delta", delta,
                    "blockNumber", BigInteger.valueOf(blockNumber),
                    "blockTimestamp", BigInteger.valueOf(blockTimestamp));
        }
    }

    record ClaimRow(
            String claimHash,
            long chainId,
            String sponsor,
            String allocator,
            String arbiter,
            long timestamp,
            long blockNumber)
            implements Row {
        @Override
        public Map<String, Object> columns() {
            return columnsOf(
                    "claimHash", claimHash,
                    "chainId", BigInteger.valueOf(chainId),
                    "sponsor", sponsor,
                    "allocator", allocator,
                    "arbiter", arbiter,
                    "timestamp", BigInteger.valueOf(timestamp),
                    "blockNumber", BigInteger.valueOf(blockNumber));
        }
    }

    private static Map<String, Object> columnsOf(Object... namesAndValues) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return columns;
    }
}

package dev.allocator.indexer.client;

/**
 * The three queries the allocator sends, with the reference's names and fields. Each list asks for
 * the largest page (1000) and its {@code pageInfo}, and takes an {@code after} cursor so the
 * client can read every page; the reference read one page of 50 and missed the rest.
 */
final class IndexerQueries {
    static final String GET_SUPPORTED_CHAINS = "GetSupportedChains";
    static final String GET_DETAILS = "GetDetails";
    static final String GET_ALL_RESOURCE_LOCKS = "GetAllResourceLocks";

    static final String SUPPORTED_CHAINS = """
            query GetSupportedChains($allocator: String!, $after: String) {
              allocator(address: $allocator) {
                supportedChains(limit: 1000, after: $after) {
                  items {
                    chainId
                    allocatorId
                  }
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                }
              }
            }
            """;

    static final String DETAILS = """
            query GetDetails(
              $allocator: String!,
              $sponsor: String!,
              $lockId: BigInt!,
              $chainId: BigInt!,
              $finalizationTimestamp: BigInt!,
              $thresholdTimestamp: BigInt!,
              $deltasAfter: String,
              $claimsAfter: String
            ) {
              accountDeltas(
                where: {
                  address: $sponsor,
                  resourceLock: $lockId,
                  chainId: $chainId,
                  delta_gt: "0",
                  blockTimestamp_gt: $finalizationTimestamp
                },
                orderBy: "blockTimestamp",
                orderDirection: "desc",
                limit: 1000,
                after: $deltasAfter
              ) {
                items {
                  delta
                }
                pageInfo {
                  hasNextPage
                  endCursor
                }
              }
              account(address: $sponsor) {
                resourceLocks(where: {resourceLock: $lockId, chainId: $chainId}) {
                  items {
                    withdrawalStatus
                    balance
                  }
                }
                claims(
                  where: {
                    allocator: $allocator,
                    chainId: $chainId,
                    timestamp_gt: $thresholdTimestamp
                  },
                  orderBy: "timestamp",
                  orderDirection: "desc",
                  limit: 1000,
                  after: $claimsAfter
                ) {
                  items {
                    claimHash
                  }
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                }
              }
            }
            """;

    static final String ALL_RESOURCE_LOCKS = """
            query GetAllResourceLocks($sponsor: String!, $after: String) {
              account(address: $sponsor) {
                resourceLocks(limit: 1000, after: $after) {
                  items {
                    chainId
                    resourceLock {
                      lockId
                      allocatorAddress
                    }
                  }
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                }
              }
            }
            """;

    private IndexerQueries() {}
}

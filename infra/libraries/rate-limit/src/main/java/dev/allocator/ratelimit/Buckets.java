package dev.allocator.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;

/** Where buckets live: shared in PostgreSQL for the deployment, or in this instance's memory. */
sealed interface Buckets {
    ConsumptionProbe take(String id, Limit limit);

    static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.refill(), limit.period())
                        .build())
                .build();
    }

    /**
     * Bucket4j's SELECT ... FOR UPDATE proxy over {@code allocator_rate_limit.buckets}: a row lock
     * per bucket, so different subjects never wait for each other, and string ids (the advisory-lock
     * variant needs 64-bit ids, whose hash collisions would merge two subjects' buckets). Batching
     * folds the requests one instance has waiting on the same bucket into one transaction, so a hot
     * key costs one row lock per round trip instead of one per request.
     */
    final class Shared implements Buckets {
        static final String TABLE = "allocator_rate_limit.buckets";

        private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
        private final Cache<String, Bucket> open = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();

        private final boolean batching;

        Shared(DataSource dataSource) {
            this(dataSource, true);
        }

        /** Without batching only to measure what it buys. */
        Shared(DataSource dataSource, boolean batching) {
            this.batching = batching;
            this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(TABLE)
                    .idColumn("id")
                    .stateColumn("state")
                    .expiresAtColumn("expires_at")
                    // A bucket that has refilled to full is the same as no row: let it go.
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build();
        }

        @Override
        public ConsumptionProbe take(String id, Limit limit) {
            Bucket bucket = open.get(id, key -> build(key, limit, batching));
            try {
                return bucket.tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                if (!bucketMissing(e)) {
                    throw e;
                }
                // A batch that meets a bucket with no row yet (first use, or swept as full) fails as
                // a whole instead of creating it; one unbatched take creates the row, later ones batch.
                return build(id, limit, false).tryConsumeAndReturnRemaining(1);
            }
        }

        private Bucket build(String id, Limit limit, boolean batched) {
            var builder = proxies.builder();
            if (batched) {
                builder = builder.withOptimization(Optimizations.batching());
            }
            return builder.build(id, () -> Buckets.configuration(limit));
        }

        private static boolean bucketMissing(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof BucketNotFoundException) {
                    return true;
                }
            }
            return false;
        }

        /** Deletes rows of buckets that are full again; safe from every instance at once (SKIP LOCKED). */
        int removeExpired(int batchSize) {
            return proxies.removeExpired(batchSize);
        }
    }

    /** The per-instance fallback while PostgreSQL does not answer: same limits, counted here only. */
    final class Local implements Buckets {
        private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();

        @Override
        public ConsumptionProbe take(String id, Limit limit) {
            return buckets.get(
                            id,
                            key -> Bucket.builder()
                                    .addLimit(Buckets.configuration(limit).getBandwidths()[0])
                                    .build())
                    .tryConsumeAndReturnRemaining(1);
        }
    }
}

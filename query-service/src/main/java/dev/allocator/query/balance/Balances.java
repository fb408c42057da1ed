package dev.allocator.query.balance;

import static dev.allocator.readmodel.jooq.read_model.Tables.COMPACTS;

import dev.allocator.http.ApiException;
import dev.allocator.indexer.client.SupportedChainsCache;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import dev.allocator.query.web.ErrorCode;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** Balances from the indexer's view of the chain and this allocator's own compacts. */
@Component
class Balances {
    private final Indexer indexer;
    private final SupportedChainsCache supportedChains;
    private final BalanceProperties properties;
    private final Address allocator;
    private final Clock clock;

    Balances(Indexer indexer, SupportedChainsCache supportedChains, BalanceProperties properties, Clock clock) {
        this.indexer = indexer;
        this.supportedChains = supportedChains;
        this.properties = properties;
        this.allocator = Address.of(properties.allocatorAddress());
        this.clock = clock;
    }

    /** GET /balance: 404 when the indexer has no such lock for the sponsor, 400 when it is not ours. */
    Balance of(DSLContext dsl, Address sponsor, ChainId chain, LockId lock) {
        Instant now = clock.instant();
        LockDetails details = indexer.lockDetails(query(sponsor, chain, lock, now));
        if (details.lock() == null) {
            throw new ApiException(ErrorCode.LOCK_NOT_FOUND);
        }
        if (!isOurs(supportedChains.chains(), chain, lock)) {
            throw new ApiException(ErrorCode.INVALID_ALLOCATOR_ID);
        }
        return balance(dsl, sponsor, chain, lock, details, now);
    }

    /** GET /balances: every lock the sponsor holds under this allocator, all indexer pages. */
    List<LockBalance> all(DSLContext dsl, Address sponsor) {
        Instant now = clock.instant();
        List<SupportedChain> chains = supportedChains.chains();
        List<LockBalance> balances = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SponsorLock lock : indexer.resourceLocks(sponsor)) {
            if (!allocator.equals(lock.allocatorAddress())
                    || !isOurs(chains, lock.chainId(), lock.lockId())
                    || !seen.add(lock.chainId() + ":" + lock.lockId())) {
                continue;
            }
            LockDetails details = indexer.lockDetails(query(sponsor, lock.chainId(), lock.lockId(), now));
            if (details.lock() == null) {
                continue;
            }
            balances.add(new LockBalance(
                    lock.chainId(), lock.lockId(), balance(dsl, sponsor, lock.chainId(), lock.lockId(), details, now)));
        }
        return balances;
    }

    private Balance balance(
            DSLContext dsl, Address sponsor, ChainId chain, LockId lock, LockDetails details, Instant now) {
        Uint256 allocatable = details.lock().balance().saturatingMinus(details.unfinalizedCredits());
        Uint256 allocated = allocated(dsl, sponsor, chain, lock, now, new HashSet<>(details.claimHashes()));
        return new Balance(allocatable, allocated, details.lock().withdrawalStatus());
    }

    /**
     * The sum of the sponsor's compacts on the lock with now < expires + threshold whose claim the
     * indexer has not seen processed; served by the (sponsor, chain, lock, expires) index.
     */
    private Uint256 allocated(
            DSLContext dsl, Address sponsor, ChainId chain, LockId lock, Instant now, Set<Bytes32> processed) {
        long liveAfter =
                now.getEpochSecond() - properties.threshold(chain.value()).toSeconds();
        BigInteger sum = BigInteger.ZERO;
        for (var row : dsl.select(COMPACTS.CLAIM_HASH, COMPACTS.AMOUNT)
                .from(COMPACTS)
                .where(COMPACTS.SPONSOR.eq(sponsor.bytes()))
                .and(COMPACTS.CHAIN_ID.eq(chain.value()))
                .and(COMPACTS.LOCK_ID.eq(lock.value().value()))
                .and(COMPACTS.EXPIRES.gt(BigInteger.valueOf(liveAfter)))
                .fetch()) {
            if (!processed.contains(Bytes32.ofBytes(row.value1()))) {
                sum = sum.add(row.value2());
            }
        }
        return new Uint256(sum.min(Uint256.MAX_VALUE));
    }

    private LockDetailsQuery query(Address sponsor, ChainId chain, LockId lock, Instant now) {
        long seconds = now.getEpochSecond();
        return new LockDetailsQuery(
                allocator,
                sponsor,
                lock,
                chain,
                seconds - properties.threshold(chain.value()).toSeconds(),
                seconds - properties.claimWindow().toSeconds());
    }

    private static boolean isOurs(List<SupportedChain> chains, ChainId chain, LockId lock) {
        Optional<SupportedChain> supported =
                chains.stream().filter(c -> c.chainId().equals(chain)).findFirst();
        return supported.isPresent() && supported.get().allocatorId().value().equals(lock.allocatorId());
    }

    record LockBalance(ChainId chainId, LockId lockId, Balance balance) {}
}

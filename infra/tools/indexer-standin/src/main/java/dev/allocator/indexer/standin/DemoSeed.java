package dev.allocator.indexer.standin;

import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.ResetPeriod;
import dev.allocator.model.value.Uint256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A seed file: deposits for development accounts, made under whichever allocator is being
 * developed. Lock ids are composed at seeding time from the allocator's id on each chain, so one
 * file serves any allocator address.
 *
 * @param deposits the deposits to make on every chain they name
 */
record DemoSeed(List<Deposit> deposits) {
    /**
     * One deposit.
     *
     * @param chains chain ids; empty means every demo chain
     * @param account the depositor, any letter case
     * @param token the token address, the zero address for the native token
     * @param multichain the lock's scope
     * @param resetPeriod a {@link ResetPeriod} constant name
     * @param amount in the token's smallest unit, decimal
     * @param secondsAgo how long before now the deposit's block was; old enough means final
     */
    record Deposit(
            List<Long> chains,
            String account,
            String token,
            boolean multichain,
            String resetPeriod,
            String amount,
            long secondsAgo) {}

    static DemoSeed load(String resource) {
        try (InputStream in = DemoSeed.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no seed resource " + resource + " on the classpath");
            }
            return Exchanges.JSON.readValue(in, DemoSeed.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed " + resource, e);
        }
    }

    void apply(IndexerStandIn standIn, Address allocator) {
        List<Ledger.SupportedChain> registrations = standIn.registerOnDemoChains(allocator);
        Ledger ledger = standIn.ledger();
        Instant now = ledger.now();
        for (Deposit deposit : deposits) {
            for (Ledger.SupportedChain registration : registrations) {
                ChainId chain = registration.chainId();
                if (deposit.chains() != null
                        && !deposit.chains().isEmpty()
                        && !deposit.chains().contains(chain.value())) {
                    continue;
                }
                LockId lockId = LockIds.lockId(
                        deposit.multichain(),
                        ResetPeriod.valueOf(deposit.resetPeriod()),
                        registration.allocatorId().value(),
                        Address.of(deposit.token().toLowerCase(Locale.ROOT)));
                ledger.deposit(
                        chain,
                        Address.of(deposit.account().toLowerCase(Locale.ROOT)),
                        lockId,
                        new Uint256(new BigInteger(deposit.amount())),
                        now.minusSeconds(deposit.secondsAgo()));
            }
        }
    }
}

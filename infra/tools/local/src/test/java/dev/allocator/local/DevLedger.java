package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.it.Http;
import dev.allocator.command.it.Locks;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.LockId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Funds a sponsor on the local stack as the quickstart does: through the stand-in's dev API. */
final class DevLedger {
    private DevLedger() {}

    /**
     * A lock of the local allocator (seven-day reset) on chain 10, holding {@code amount} of a
     * token numbered {@code token}, deposited an hour ago and so finalized.
     */
    static LockId fund(LocalAllocator stack, Address sponsor, int token, String amount) {
        Http.Response health = Http.get(stack.apiUrl() + "/health", Map.of());
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        BigInteger allocatorId = new BigInteger(
                health.body().get("supportedChains").get(0).get("allocatorId").asString());
        LockId lock = Locks.lock(7, allocatorId, Locks.token(token));
        ObjectNode deposit = Http.JSON.createObjectNode();
        deposit.put("chainId", "10");
        deposit.put("account", sponsor.checksummed());
        deposit.put("lockId", lock.toString());
        deposit.put("amount", amount);
        deposit.put("blockTimestamp", Long.toString(Instant.now().getEpochSecond() - 3600));
        assertThat(Http.post(stack.indexer().url() + "/dev/deposit", deposit, Map.of())
                        .status())
                .isEqualTo(200);
        return lock;
    }
}

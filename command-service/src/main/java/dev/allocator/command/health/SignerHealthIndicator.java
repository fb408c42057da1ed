package dev.allocator.command.health;

import dev.allocator.model.crypto.Keccak;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code signer} component: the allocator key is loaded and signs. It signs a fixed digest
 * once and recovers the signer from the signature: UP when that is the key's own address. Signing
 * is deterministic, so one check holds for the life of the process. The key itself never appears.
 */
final class SignerHealthIndicator implements HealthIndicator {
    private static final Bytes32 PROBE = Keccak.hash("allocator signer health check");

    private final Address address;
    private final Health health;

    SignerHealthIndicator(SigningKey key) {
        this.address = key.address();
        this.health = check(key);
    }

    private Health check(SigningKey key) {
        Health.Builder builder;
        try {
            Signature signature = key.sign(PROBE);
            Optional<Address> recovered = signature.recover(PROBE);
            builder = recovered.filter(address::equals).isPresent()
                    ? Health.up().withDetail("canSign", true)
                    : Health.down()
                            .withDetail("canSign", false)
                            .withDetail(
                                    "reason",
                                    "a signature of the probe digest recovers to "
                                            + recovered
                                                    .map(Address::checksummed)
                                                    .orElse("no address"));
        } catch (RuntimeException e) {
            builder = Health.down().withDetail("canSign", false).withDetail("reason", e.toString());
        }
        return builder.withDetail("keyLoaded", true)
                .withDetail("address", address.checksummed())
                .build();
    }

    @Override
    public Health health() {
        return health;
    }
}

package dev.allocator.command.health;

import dev.allocator.model.value.Address;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds {@code allocator.address} to /actuator/info: the address this instance signs as. */
final class AllocatorInfoContributor implements InfoContributor {
    private final Address address;

    AllocatorInfoContributor(Address address) {
        this.address = address;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("allocator", Map.of("address", address.checksummed()));
    }
}

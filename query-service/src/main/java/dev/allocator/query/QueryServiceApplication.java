package dev.allocator.query;

import dev.allocator.indexer.client.AllocatorAddress;
import dev.allocator.model.value.Address;
import dev.allocator.query.balance.BalanceProperties;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The read API: sessions, compacts, nonces and balances, answered from the read models. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Whose supported chains the indexer client caches; local mode takes the command side's instead. */
    @Bean
    AllocatorAddress allocatorAddress(BalanceProperties balance) {
        return new AllocatorAddress(Address.of(balance.allocatorAddress()));
    }
}

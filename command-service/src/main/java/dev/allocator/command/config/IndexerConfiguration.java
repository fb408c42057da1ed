package dev.allocator.command.config;

import dev.allocator.command.compact.RegisteredAllocatorIds;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.IndexerSettings;
import dev.allocator.model.indexer.ResilientIndexer;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.indexer.SupportedChainsCache;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The indexer client with retry, circuit breaker, timeouts and bulkhead, and the cached supported
 * chains, bound from {@code allocator.indexer} onto {@link IndexerSettings} (unset values take its
 * defaults).
 */
@Configuration(proxyBeanMethods = false)
class IndexerConfiguration {

    @Bean
    IndexerSettings indexerSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate("allocator.indexer", IndexerSettings.class);
    }

    @Bean
    ResilientIndexer commandIndexer(IndexerSettings indexerSettings) {
        return ResilientIndexer.overHttp(indexerSettings);
    }

    /** Starts loading in the background: the service comes up while the indexer is down, and says so in health. */
    @Bean(destroyMethod = "close")
    SupportedChainsCache commandSupportedChains(
            ResilientIndexer commandIndexer, SigningKey allocatorKey, IndexerSettings indexerSettings, Clock clock) {
        return new SupportedChainsCache(
                        commandIndexer,
                        allocatorKey.address(),
                        indexerSettings.supportedChainsRefresh(),
                        clock::instant)
                .start();
    }

    @Bean
    RegisteredAllocatorIds registeredAllocatorIds(SupportedChainsCache commandSupportedChains) {
        return new RegisteredAllocatorIds() {
            @Override
            public Optional<Uint256> on(ChainId chainId) {
                return commandSupportedChains.chain(chainId).map(SupportedChain::allocatorId);
            }

            @Override
            public List<SupportedChain> all() {
                return commandSupportedChains.status().chains();
            }

            @Override
            public boolean loaded() {
                return commandSupportedChains.status().loaded();
            }
        };
    }
}

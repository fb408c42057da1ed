package dev.allocator.command.config;

import dev.allocator.command.compact.RegisteredAllocatorIds;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.ResilientIndexer;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.indexer.SupportedChainsCache;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The indexer client with retry, circuit breaker, timeouts and bulkhead, and the cached supported chains. */
@Configuration(proxyBeanMethods = false)
class IndexerConfiguration {

    @Bean
    ResilientIndexer indexer(IndexerProperties properties) {
        return ResilientIndexer.overHttp(properties.toSettings());
    }

    /** Starts loading in the background: the service comes up while the indexer is down, and says so in health. */
    @Bean(destroyMethod = "close")
    SupportedChainsCache supportedChains(
            Indexer indexer, SigningKey allocatorKey, IndexerProperties properties, Clock clock) {
        return new SupportedChainsCache(
                        indexer, allocatorKey.address(), properties.supportedChainsRefresh(), clock::instant)
                .start();
    }

    @Bean
    RegisteredAllocatorIds registeredAllocatorIds(SupportedChainsCache cache) {
        return new RegisteredAllocatorIds() {
            @Override
            public Optional<Uint256> on(ChainId chainId) {
                return cache.chain(chainId).map(SupportedChain::allocatorId);
            }

            @Override
            public List<SupportedChain> all() {
                return cache.status().chains();
            }

            @Override
            public boolean loaded() {
                return cache.status().loaded();
            }
        };
    }
}

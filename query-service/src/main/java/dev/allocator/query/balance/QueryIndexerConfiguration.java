package dev.allocator.query.balance;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerSettings;
import dev.allocator.model.indexer.ResilientIndexer;
import dev.allocator.model.indexer.SupportedChainsCache;
import dev.allocator.model.value.Address;
import java.time.Clock;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The indexer client of the read side, configured under {@code allocator.indexer} exactly like
 * the command side's (unset values take {@link IndexerSettings}' defaults), and the same cache of
 * this allocator's supported chains.
 */
@Configuration(proxyBeanMethods = false)
public class QueryIndexerConfiguration {

    @Bean
    IndexerSettings queryIndexerSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate("allocator.indexer", IndexerSettings.class);
    }

    @Bean
    ResilientIndexer queryIndexer(IndexerSettings queryIndexerSettings) {
        return ResilientIndexer.overHttp(queryIndexerSettings);
    }

    @Bean(destroyMethod = "close")
    SupportedChainsCache querySupportedChains(
            Indexer indexer, BalanceProperties balance, IndexerSettings queryIndexerSettings, Clock clock) {
        return new SupportedChainsCache(
                        indexer,
                        Address.of(balance.allocatorAddress()),
                        queryIndexerSettings.supportedChainsRefresh(),
                        clock::instant)
                .start();
    }
}

package dev.allocator.query.balance;

import dev.allocator.model.indexer.IndexerSettings;
import dev.allocator.model.indexer.ResilientIndexer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The indexer client of the read side, configured under {@code allocator.indexer} exactly like
 * the command side's: unset values take {@link IndexerSettings}' defaults.
 */
@Configuration(proxyBeanMethods = false)
public class QueryIndexerConfiguration {

    @Bean
    ResilientIndexer queryIndexer(Environment environment) {
        return ResilientIndexer.overHttp(
                Binder.get(environment).bindOrCreate("allocator.indexer", IndexerSettings.class));
    }
}

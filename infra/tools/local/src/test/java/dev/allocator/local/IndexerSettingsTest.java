package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Local mode runs one indexer client for both services, bound from both settings files: they must
 * agree, or which service's value wins would depend on the import order. Also pins the documented
 * defaults.
 */
class IndexerSettingsTest {
    static Map<String, Object> indexerSettings(String file) throws IOException {
        Map<String, Object> settings = new TreeMap<>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (name.startsWith("allocator.indexer.") || name.startsWith("resilience4j.")) {
                    settings.put(name, String.valueOf(source.getProperty(name)));
                }
            }
        }
        return settings;
    }

    @Test
    void commandAndQuerySideConfigureTheIndexerClientAlike() throws IOException {
        Map<String, Object> command = indexerSettings("allocator-command.yml");

        assertThat(command).isNotEmpty().isEqualTo(indexerSettings("allocator-query.yml"));
    }

    @Test
    void shipsTheDocumentedDefaults() throws IOException {
        assertThat(indexerSettings("allocator-command.yml"))
                .containsEntry("allocator.indexer.url", "${INDEXER_URL:http://localhost:4000}")
                .containsEntry("allocator.indexer.request-timeout", "3s")
                .containsEntry("allocator.indexer.supported-chains-refresh", "10m")
                .containsEntry("resilience4j.retry.instances.indexer.max-attempts", "3")
                .containsEntry("resilience4j.circuitbreaker.instances.indexer.failure-rate-threshold", "50")
                .containsEntry("resilience4j.circuitbreaker.instances.indexer.sliding-window-size", "20")
                .containsEntry("resilience4j.circuitbreaker.instances.indexer.minimum-number-of-calls", "10")
                .containsEntry("resilience4j.bulkhead.instances.indexer.max-concurrent-calls", "64");
    }
}

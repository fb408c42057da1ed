package dev.allocator.command.health;

import dev.allocator.command.config.MessagingProperties;
import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.command.signing.SigningView;
import dev.allocator.indexer.client.SupportedChainsCache;
import dev.allocator.kafka.KafkaHealthIndicator;
import dev.allocator.model.crypto.SigningKey;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The components of /actuator/health (named after their beans, less {@code HealthIndicator}) and
 * the allocator's line in /actuator/info. Which of them readiness includes is in application.yml;
 * docs/operations.md says why.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HealthProperties.class, ShutdownProperties.class})
class HealthConfiguration {

    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(MessagingProperties messaging, HealthProperties health) {
        return new KafkaHealthIndicator(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, messaging.bootstrapServers()),
                health.kafkaTimeout());
    }

    @Bean
    SponsorProcessorHealthIndicator sponsorProcessorHealthIndicator(SponsorProcessorRunner processor) {
        return new SponsorProcessorHealthIndicator(processor::state);
    }

    @Bean
    ReplyListenerHealthIndicator replyListenerHealthIndicator(CommandGateway gateway, MessagingProperties messaging) {
        return new ReplyListenerHealthIndicator(
                gateway::isHealthy, messaging.topics().replies());
    }

    @Bean
    SignerHealthIndicator signerHealthIndicator(SigningKey allocatorKey) {
        return new SignerHealthIndicator(allocatorKey);
    }

    @Bean
    SigningHealthIndicator signingHealthIndicator(SigningView signing) {
        return new SigningHealthIndicator(signing);
    }

    @Bean
    IndexerHealthIndicator indexerHealthIndicator(
            CircuitBreakerRegistry circuitBreakers, SupportedChainsCache supportedChains) {
        return new IndexerHealthIndicator(circuitBreakers, supportedChains);
    }

    @Bean
    ShutdownDrain shutdownDrain(ShutdownProperties shutdown) {
        return new ShutdownDrain(shutdown.drainDelay());
    }

    @Bean
    AllocatorInfoContributor allocatorInfoContributor(SigningKey allocatorKey) {
        return new AllocatorInfoContributor(allocatorKey.address());
    }
}

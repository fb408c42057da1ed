package dev.allocator.command;

import dev.allocator.command.chain.RegisteredAllocatorIds;
import dev.allocator.command.config.ChainProperties;
import dev.allocator.command.config.MessagingProperties;
import dev.allocator.command.config.SessionProperties;
import dev.allocator.command.config.SigningControlProperties;
import dev.allocator.command.config.SigningProperties;
import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.command.signing.SigningControl;
import dev.allocator.command.signing.SigningView;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.indexer.client.AllocatorAddress;
import dev.allocator.indexer.client.SupportedChainsCache;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.kafka.audit.AuditProperties;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Uint256;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The command side as a library: import this into any Spring Boot application. The indexer client
 * comes from infra/libraries/indexer-client's auto-configuration. It sits above the feature packages, as the
 * one place that knows them all, so that none of them depends back on it.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan("dev.allocator.command")
@EnableConfigurationProperties({
    MessagingProperties.class,
    SigningProperties.class,
    SessionProperties.class,
    ChainProperties.class,
    SigningControlProperties.class
})
public class CommandServiceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    @Bean
    SigningKey allocatorKey(SigningProperties signing) {
        return SigningKey.fromHex(signing.privateKey());
    }

    /** Whose supported chains the indexer client caches: the address this service signs as. */
    @Bean
    AllocatorAddress allocatorAddress(SigningKey allocatorKey) {
        return new AllocatorAddress(allocatorKey.address());
    }

    @Bean
    RegisteredAllocatorIds registeredAllocatorIds(SupportedChainsCache supportedChains) {
        return new RegisteredAllocatorIds() {
            @Override
            public Optional<Uint256> on(ChainId chainId) {
                return supportedChains.chain(chainId).map(SupportedChain::allocatorId);
            }

            @Override
            public List<SupportedChain> all() {
                return supportedChains.status().chains();
            }

            @Override
            public boolean loaded() {
                return supportedChains.status().loaded();
            }
        };
    }

    @Bean
    SessionTokens sessionTokens(SessionProperties session) {
        return new SessionTokens(session.verificationKeys(), session.signingKeyId());
    }

    @Bean
    SponsorDecider sponsorDecider(SigningKey allocatorKey) {
        return new SponsorDecider(allocatorKey);
    }

    @Bean
    KafkaAdmin allocatorKafkaAdmin(MessagingProperties messaging) {
        KafkaAdmin admin =
                new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, messaging.bootstrapServers()));
        admin.setFatalIfBrokerNotAvailable(true);
        return admin;
    }

    @Bean
    KafkaAdmin.NewTopics allocatorTopics(MessagingProperties messaging, AuditProperties audit) {
        return new KafkaAdmin.NewTopics(topics(messaging, audit).toArray(NewTopic[]::new));
    }

    /** The topics this service creates, with their retention (docs/operations.md, "Retention"). */
    static List<NewTopic> topics(MessagingProperties messaging, AuditProperties audit) {
        MessagingProperties.Topics topics = messaging.topics();
        NewTopic commands = TopicBuilder.name(topics.commands())
                .partitions(messaging.partitions())
                .replicas(messaging.replicationFactor())
                .config(
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(topics.commandsRetention().toMillis()))
                .build();
        NewTopic events = TopicBuilder.name(topics.events())
                .partitions(messaging.partitions())
                .replicas(messaging.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
        NewTopic replies = TopicBuilder.name(topics.replies())
                .partitions(messaging.partitions())
                .replicas(messaging.replicationFactor())
                .config(
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(topics.repliesRetention().toMillis()))
                .build();
        // Kept forever like the events: the audit trail of security-relevant actions.
        NewTopic auditTopic = TopicBuilder.name(audit.topic())
                .partitions(messaging.partitions())
                .replicas(messaging.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
        // One partition, so the pauses and resumes have one order; kept forever: the state is its fold.
        NewTopic control = TopicBuilder.name(topics.control())
                .partitions(1)
                .replicas(messaging.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
        // The projector parks unreadable and unstorable events here; created with the others because
        // the deployment's broker creates no topic on first use, and kept forever because each
        // record stands for an event missing from the read model until it is replayed.
        NewTopic deadLetters = TopicBuilder.name(topics.deadLetters())
                .partitions(messaging.partitions())
                .replicas(messaging.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
        return List.of(commands, events, replies, auditTopic, control, deadLetters);
    }

    /** Trace context in the command, event and reply headers; no-op when tracing is off. */
    @Bean
    KafkaTracing kafkaTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new KafkaTracing(
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    SponsorProcessorRunner sponsorProcessor(
            MessagingProperties messaging,
            SponsorDecider decider,
            MessageCodec codec,
            MeterRegistry registry,
            Clock clock,
            KafkaTracing kafkaTracing,
            SigningView signingView) {
        return new SponsorProcessorRunner(messaging, decider, codec, registry, clock, kafkaTracing, signingView);
    }

    /** Whether signing is paused, as this instance's processor applied {@code allocator.control}. */
    @Bean
    SigningView signingView(MeterRegistry registry) {
        return new SigningView(registry);
    }

    @Bean(destroyMethod = "close")
    SigningControl signingControl(
            SigningView signingView, SigningControlProperties settings, MessagingProperties messaging, Clock clock) {
        return new SigningControl(signingView, settings, messaging, clock);
    }

    @Bean
    CommandGateway commandGateway(
            MessagingProperties messaging,
            MessageCodec codec,
            MeterRegistry registry,
            Clock clock,
            KafkaTracing kafkaTracing) {
        return new CommandGateway(messaging, codec, registry, clock, kafkaTracing);
    }
}

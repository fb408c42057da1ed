package dev.allocator.command.config;

import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.session.SessionTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The command side as a library: import this into any Spring Boot application. */
@Configuration(proxyBeanMethods = false)
@ComponentScan("dev.allocator.command")
@EnableConfigurationProperties({
    MessagingProperties.class,
    SigningProperties.class,
    SessionProperties.class,
    ChainProperties.class
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

    @Bean
    SessionTokens sessionTokens(SessionProperties session) {
        return new SessionTokens(session.tokenSecret().getBytes(StandardCharsets.UTF_8));
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
    KafkaAdmin.NewTopics allocatorTopics(MessagingProperties messaging) {
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
        return new KafkaAdmin.NewTopics(commands, events, replies);
    }

    @Bean
    SponsorProcessorRunner sponsorProcessor(
            MessagingProperties messaging, SponsorDecider decider, MessageCodec codec, MeterRegistry registry) {
        return new SponsorProcessorRunner(messaging, decider, codec, registry);
    }

    @Bean
    CommandGateway commandGateway(MessagingProperties messaging, MessageCodec codec, MeterRegistry registry) {
        return new CommandGateway(messaging, codec, registry);
    }
}

package dev.allocator.command.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka: where the broker is, the topics, and the sponsor processor's tuning.
 *
 * @param partitions partitions of the commands and events topics; sponsors spread over them
 * @param replyTimeout how long the HTTP tier waits for a decision before answering 503; the
 *     command's deadline
 * @param decisionMargin how long before a command's deadline the processor stops deciding it: the
 *     time a committed decision may take to reach the waiting HTTP tier (commit, reply fetch, clock
 *     skew between instances)
 * @param commitInterval how often the processor commits its transaction; the latency floor
 * @param pollInterval how long an idle stream thread waits in poll before committing
 * @param sessionTimeout how long a silent instance keeps its partitions before they move
 */
@Validated
@ConfigurationProperties("allocator.messaging")
public record MessagingProperties(
        @NotBlank String bootstrapServers,
        @Valid @NotNull Topics topics,
        @Min(1) int partitions,
        @Min(1) short replicationFactor,
        @NotNull Duration replyTimeout,
        @NotNull Duration decisionMargin,
        @NotBlank String applicationId,
        @NotBlank String stateDir,
        @Min(1) int streamThreads,
        @NotNull Duration commitInterval,
        @NotNull Duration pollInterval,
        @NotNull Duration sessionTimeout) {

    public MessagingProperties {
        if (replyTimeout != null && decisionMargin != null && decisionMargin.compareTo(replyTimeout) >= 0) {
            throw new IllegalArgumentException("allocator.messaging.decision-margin (" + decisionMargin
                    + ") must be shorter than reply-timeout (" + replyTimeout + "): nothing could be decided");
        }
    }

    /**
     * @param commandsRetention how long commands are kept; they only matter until decided
     * @param repliesRetention how long replies are kept; a waiting request gives up long before
     * @param control operator control events (signing paused or resumed), one partition, kept forever
     * @param deadLetters the projector's dead-letter topic, created here with the others (brokers
     *     of the deployment do not create topics on first use) and kept forever: each record names an
     *     event the read model lacks until an operator replays it
     */
    public record Topics(
            @NotBlank String commands,
            @NotBlank String events,
            @NotBlank String replies,
            @NotBlank String control,
            @NotNull Duration commandsRetention,
            @NotNull Duration repliesRetention,
            @NotBlank String deadLetters) {}
}

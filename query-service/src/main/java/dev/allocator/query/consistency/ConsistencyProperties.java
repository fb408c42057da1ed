package dev.allocator.query.consistency;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Read-your-writes ({@code allocator.consistency.*}).
 *
 * @param topic the event topic whose end offsets a read waits for
 * @param deadLetterTopic where the projector parks the events it cannot project; the {@code
 *     readModel} health component counts the records on it
 * @param maxWait how long a read may wait for the projector before it answers 503
 * @param pollInterval how often the barrier re-reads the projector's positions while reads wait
 * @param lagCheckInterval how often the {@code readModel} health component measures the projector's lag
 * @param lagUnhealthyAfter how long the read model may lag the log's end before that component is DOWN
 */
@Validated
@ConfigurationProperties("allocator.consistency")
public record ConsistencyProperties(
        @NotBlank String topic,
        @NotBlank String deadLetterTopic,
        @NotNull Duration maxWait,
        @NotNull Duration pollInterval,
        @NotNull Duration lagCheckInterval,
        @NotNull Duration lagUnhealthyAfter) {}

package dev.allocator.command.gateway;

import dev.allocator.command.config.MessagingProperties;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.Reply;
import dev.allocator.model.message.ReplyEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.SmartLifecycle;

/**
 * Sends a command to the sponsor's partition and waits, bounded, for its committed reply. The
 * command's timestamp is the decision time, set here once; its deadline is the moment this tier
 * stops waiting, which the processor honours by refusing, undecided, what it reads too late.
 */
public class CommandGateway implements SmartLifecycle {
    private final MessagingProperties settings;
    private final MessageCodec codec;
    private final Timer roundTrip;
    private final MeterRegistry registry;
    private final Clock clock;
    private final KafkaTracing tracing;
    private KafkaProducer<String, byte[]> producer;
    private ReplyRouter replies;
    private volatile boolean running;

    public CommandGateway(
            MessagingProperties settings,
            MessageCodec codec,
            MeterRegistry registry,
            Clock clock,
            KafkaTracing tracing) {
        this.settings = settings;
        this.codec = codec;
        this.registry = registry;
        this.clock = clock;
        this.tracing = tracing;
        this.roundTrip = Timer.builder("allocator.command.round.trip")
                .description("From sending a command to reading its committed reply")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * @return the reply
     * @throws DecisionUnconfirmedException when no committed reply arrived in time; the command
     *     may still be decided later, which is why clients retry with an Idempotency-Key
     */
    public Reply send(Command command, Instant issuedAt) {
        Instant deadline = clock.instant().plus(settings.replyTimeout());
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID().toString(), issuedAt, deadline, command);
        CompletableFuture<ReplyEnvelope> reply = replies.expect(envelope.requestId());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                settings.topics().commands(), null, issuedAt.toEpochMilli(), envelope.key(), codec.encode(envelope));
        // The request's trace goes on in the record's headers: the processor's span is its child.
        Span sending = tracing.producer(record.topic());
        tracing.inject(sending.context(), record.headers());
        long started = System.nanoTime();
        try (Tracer.SpanInScope scope = tracing.scope(sending)) {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    sending.error(error);
                    reply.completeExceptionally(error);
                }
                sending.end();
            });
        } catch (KafkaException e) {
            sending.error(e);
            sending.end();
            reply.cancel(false); // refused before it was written: nothing can decide it
            throw unsent(e);
        }
        try {
            long wait = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            return reply.get(wait, TimeUnit.MILLISECONDS).reply();
        } catch (TimeoutException e) {
            if (replies.abandon(envelope.requestId(), reply)) {
                throw new DecisionUnconfirmedException("no decision within " + settings.replyTimeout(), e);
            }
            return completed(reply); // it arrived while we were giving up
        } catch (ExecutionException e) {
            throw unsent(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replies.abandon(envelope.requestId(), reply);
            throw new DecisionUnconfirmedException("interrupted while waiting for the decision", e);
        } finally {
            roundTrip.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static Reply completed(CompletableFuture<ReplyEnvelope> reply) {
        try {
            return reply.join().reply();
        } catch (CompletionException e) {
            throw unsent(e.getCause());
        }
    }

    private static DecisionUnconfirmedException unsent(Throwable cause) {
        return new DecisionUnconfirmedException("the command could not be sent: " + cause.getMessage(), cause);
    }

    public boolean isHealthy() {
        return running && replies.isHealthy();
    }

    @Override
    public void start() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A slow broker is not refused: a command that arrives late is refused by its deadline instead,
        // while a short request timeout would turn a slow broker into a storm of retried batches.
        // Without a broker at all, send() would otherwise block its request thread for a minute.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.replyTimeout().toMillis());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        replies = new ReplyRouter(settings.bootstrapServers(), settings.topics().replies(), codec, registry, tracing);
        try {
            replies.start(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the reply router", e);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (replies != null) {
            replies.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the topics exist, before the web server takes traffic. */
    @Override
    public int getPhase() {
        return 0;
    }
}

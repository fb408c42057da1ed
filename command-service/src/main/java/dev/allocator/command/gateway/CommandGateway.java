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
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.SmartLifecycle;

/**
 * Sends a command to the sponsor's partition and waits, bounded, for its committed reply. The
 * command's timestamp is the decision time, set here once.
 */
public class CommandGateway implements SmartLifecycle {
    private final MessagingProperties settings;
    private final MessageCodec codec;
    private final Timer roundTrip;
    private final KafkaTracing tracing;
    private KafkaProducer<String, byte[]> producer;
    private ReplyRouter replies;
    private volatile boolean running;

    public CommandGateway(
            MessagingProperties settings, MessageCodec codec, MeterRegistry registry, KafkaTracing tracing) {
        this.settings = settings;
        this.codec = codec;
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
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID().toString(), issuedAt, command);
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
        }
        try {
            return reply.get(settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .reply();
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new DecisionUnconfirmedException("no decision within " + settings.replyTimeout(), e);
        } catch (ExecutionException e) {
            throw new DecisionUnconfirmedException(
                    "the command could not be sent: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionUnconfirmedException("interrupted while waiting for the decision", e);
        } finally {
            roundTrip.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
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
        props.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(settings.replyTimeout().toMillis(), 1_000) + 1_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Math.max(settings.replyTimeout().toMillis(), 1_000));
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        replies = new ReplyRouter(settings.bootstrapServers(), settings.topics().replies(), codec, tracing);
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

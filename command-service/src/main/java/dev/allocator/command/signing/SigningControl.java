package dev.allocator.command.signing;

import dev.allocator.command.config.MessagingProperties;
import dev.allocator.command.config.SigningControlProperties;
import dev.allocator.command.web.ErrorCode;
import dev.allocator.http.ApiException;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.control.ControlCodec;
import dev.allocator.model.control.ControlEvent;
import dev.allocator.model.control.SigningStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses and resumes signing by appending a control event to {@code allocator.control}, then
 * waits until this instance's sponsor processor has applied it, so the answer is the state every
 * later decision here sees. Asking for the state the system is already in writes nothing and
 * answers that state: one event per change, however often an operator repeats the request.
 */
public final class SigningControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SigningControl.class);

    private final SigningView view;
    private final SigningControlProperties settings;
    private final String topic;
    private final Clock clock;
    private final ControlCodec codec = new ControlCodec();
    private final KafkaProducer<String, byte[]> producer;

    public SigningControl(
            SigningView view, SigningControlProperties settings, MessagingProperties messaging, Clock clock) {
        this.view = view;
        this.settings = settings;
        this.topic = messaging.topics().control();
        this.clock = clock;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        messaging.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "allocator-signing-control"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    public SigningStatus status() {
        return view.status();
    }

    /** The outcome of a pause or resume: the state now, and whether this request changed it. */
    public record Change(SigningStatus status, boolean changed) {}

    public Change pause(Actor actor, String reason) {
        return change(true, actor, reason);
    }

    public Change resume(Actor actor, String reason) {
        return change(false, actor, reason);
    }

    private synchronized Change change(boolean pause, Actor actor, String reason) {
        SigningStatus current = view.status();
        if (current.paused() == pause) {
            return new Change(current, false);
        }
        ControlEvent event = pause
                ? new ControlEvent.SigningPaused(clock.instant(), actor, reason)
                : new ControlEvent.SigningResumed(clock.instant(), actor, reason);
        Duration timeout = settings.applyTimeout();
        long offset;
        try {
            RecordMetadata written = producer.send(
                            new ProducerRecord<>(topic, ControlCodec.SIGNING_KEY, codec.encode(event)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            offset = written.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SIGNING_CONTROL_UNAVAILABLE, e);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Signing control event not written: {}", e.toString());
            throw new ApiException(ErrorCode.SIGNING_CONTROL_UNAVAILABLE, e);
        }
        log.info("Signing {} by {} at {} offset {}", pause ? "paused" : "resumed", actor.id(), topic, offset);
        try {
            if (!view.awaitApplied(offset, timeout)) {
                throw new ApiException(ErrorCode.SIGNING_STATE_UNCONFIRMED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SIGNING_STATE_UNCONFIRMED, e);
        }
        return new Change(view.status(), true);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package dev.allocator.command.signing;

import dev.allocator.model.audit.Actor;
import dev.allocator.model.control.ControlCodec;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.message.UnknownMessageException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of {@code allocator.control}, as its sponsor processor last applied it: the
 * admin API, health, the gauge and the HTTP tier's early refusal read it; the processor's global
 * store thread writes it right after it has put the record into the store the decisions read, so
 * whoever sees a position applied here knows every later decision of this instance sees it too.
 */
public final class SigningView {
    private static final Logger log = LoggerFactory.getLogger(SigningView.class);
    private static final ControlCodec CODEC = new ControlCodec();

    private SigningStatus status = SigningStatus.ACTIVE;
    private long appliedOffset = -1;

    public SigningView(MeterRegistry registry) {
        Gauge.builder("allocator.signing.paused", this, view -> view.status().paused() ? 1 : 0)
                .description("1 while an operator has paused signing (allocator.control), else 0: POST /compact"
                        + " answers 503 SIGNING_PAUSED")
                .register(registry);
    }

    public synchronized SigningStatus status() {
        return status;
    }

    /** The store's content after restoring it from the topic, before any record was processed. */
    public synchronized void restored(byte[] latest) {
        status = statusOf(latest);
        notifyAll();
    }

    /** The record at {@code offset} is now in the store the decisions read. */
    public synchronized void applied(byte[] latest, long offset) {
        status = statusOf(latest);
        appliedOffset = Math.max(appliedOffset, offset);
        notifyAll();
    }

    /** Waits until the record at {@code offset} has been applied; false when the timeout passed first. */
    public synchronized boolean awaitApplied(long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (appliedOffset < offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * The signing status a store value means: no value is active; an unreadable one (a newer
     * release's record) is paused, since signing as if it were not there could break what it says.
     */
    public static SigningStatus statusOf(byte[] latest) {
        if (latest == null) {
            return SigningStatus.ACTIVE;
        }
        try {
            return SigningStatus.of(CODEC.decode(latest));
        } catch (UnknownMessageException e) {
            log.error("Unreadable signing control record; refusing to sign until a readable one: {}", e.getMessage());
            return new SigningStatus(true, Instant.EPOCH, Actor.clientIp("unknown"), "Unreadable control record");
        }
    }

    /** Decodes a store value once per distinct value: the processor reads it for every compact. */
    public static final class Cache {
        private byte[] bytes;
        private SigningStatus status = SigningStatus.ACTIVE;

        public SigningStatus of(byte[] latest) {
            if (!Arrays.equals(bytes, latest)) {
                status = statusOf(latest);
                bytes = latest == null ? null : latest.clone();
            }
            return status;
        }
    }
}

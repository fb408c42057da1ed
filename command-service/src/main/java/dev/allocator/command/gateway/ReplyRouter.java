package dev.allocator.command.gateway;

import dev.allocator.kafka.KafkaTracing;
import dev.allocator.kafka.TopicPartitions;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.Reply;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.Topics;
import dev.allocator.model.message.UnknownMessageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every reply with isolation.level=read_committed and completes the request waiting for
 * it. Read committed is the guarantee: a reply becomes visible only with the transaction that
 * wrote its events, so no signature leaves before its CompactAllocated event is in the log.
 *
 * <p>It also remembers, for a while, the requests whose clients were already answered 503
 * because no reply came in time. A reply that still arrives for one of them is counted by
 * outcome; an allocation among them is what the command deadline exists to prevent, so it is
 * logged at WARN and alerted on.
 */
final class ReplyRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);
    private static final String ALLOCATED = "allocated";

    /** A late reply comes seconds after its deadline if at all; this covers minutes of overload. */
    private static final int ABANDONED_REMEMBERED = 100_000;

    private final Map<String, CompletableFuture<ReplyEnvelope>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Boolean> abandoned = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ABANDONED_REMEMBERED;
        }
    });
    private final MeterRegistry registry;
    private final Timer delivery;
    private final KafkaConsumer<String, byte[]> consumer;
    private final MessageCodec codec;
    private final KafkaTracing tracing;
    private final String topic;
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean healthy;

    ReplyRouter(
            String bootstrapServers, String topic, MessageCodec codec, MeterRegistry registry, KafkaTracing tracing) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.codec = codec;
        this.tracing = tracing;
        this.topic = topic;
        this.registry = registry;
        this.delivery = Timer.builder("allocator.reply.delivery")
                .description("From the processor's decision to its committed reply reaching the waiting request;"
                        + " the decision margin must exceed it")
                .publishPercentileHistogram()
                .register(registry);
        for (String outcome : List.of(ALLOCATED, "session", "rejected")) {
            unanswered(outcome);
        }
        this.thread = new Thread(this::run, "reply-router");
        this.thread.setDaemon(true);
    }

    /** Starts reading from the current end of every partition; returns once positioned. */
    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("reply topic " + topic + " could not be positioned in " + timeout);
        }
    }

    CompletableFuture<ReplyEnvelope> expect(String requestId) {
        CompletableFuture<ReplyEnvelope> future = new CompletableFuture<>();
        waiting.put(requestId, future);
        future.whenComplete((reply, error) -> waiting.remove(requestId));
        return future;
    }

    /**
     * Gives up waiting for a request's reply.
     *
     * @return false when the reply arrived meanwhile, and the caller should use it
     */
    boolean abandon(String requestId, CompletableFuture<ReplyEnvelope> reply) {
        abandoned.put(requestId, Boolean.TRUE); // before cancelling, so a reply routed next is recognised
        if (reply.cancel(false)) {
            return true;
        }
        abandoned.remove(requestId);
        return false;
    }

    boolean isHealthy() {
        return healthy && thread.isAlive();
    }

    int waitingCount() {
        return waiting.size();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = TopicPartitions.required(consumer, topic, Duration.ofSeconds(30));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // Resolve the lazy seek now: a reply produced after start() returns must not be skipped.
            partitions.forEach(consumer::position);
            healthy = true;
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    route(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Reply router woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            log.error("Reply router stopped; requests will time out", e);
        } finally {
            healthy = false;
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void route(ConsumerRecord<String, byte[]> record) {
        CompletableFuture<ReplyEnvelope> future = waiting.get(record.key());
        if (future == null && !abandoned.containsKey(record.key())) {
            return; // another instance's request
        }
        // The receipt, a child of the decision that wrote the reply: the trace's way back.
        Span receipt = tracing.consumer("receive " + topic, topic, record.headers());
        try (Tracer.SpanInScope scope = tracing.scope(receipt)) {
            ReplyEnvelope reply = codec.decodeReply(record.value());
            if (future != null && future.complete(reply)) {
                recordDelivery(record);
            } else if (abandoned.remove(record.key()) != null) {
                late(record.key(), reply.reply());
            }
        } catch (UnknownMessageException e) {
            receipt.error(e);
            if (future != null) {
                future.completeExceptionally(e);
            }
        } finally {
            receipt.end();
        }
    }

    private void recordDelivery(ConsumerRecord<String, byte[]> record) {
        Header decidedAt = record.headers().lastHeader(Topics.DECIDED_AT_HEADER);
        if (decidedAt == null) {
            return;
        }
        try {
            long millis = System.currentTimeMillis()
                    - Long.parseLong(new String(decidedAt.value(), StandardCharsets.US_ASCII));
            delivery.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (NumberFormatException e) {
            log.debug("Ignoring an unreadable {} header", Topics.DECIDED_AT_HEADER);
        }
    }

    private void late(String requestId, Reply reply) {
        if (reply instanceof Reply.CompactSigned signed) {
            unanswered(ALLOCATED).increment();
            log.warn(
                    "Compact {} was allocated for request {} after its client had been answered 503",
                    signed.claimHash().value(),
                    requestId);
        } else if (reply instanceof Reply.Rejected) {
            unanswered("rejected").increment();
        } else {
            unanswered("session").increment();
        }
    }

    private Counter unanswered(String outcome) {
        return Counter.builder("allocator.replies.unanswered")
                .description("Replies that arrived after their request had been answered 503; outcome=allocated"
                        + " means a compact was signed for a client told it failed")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

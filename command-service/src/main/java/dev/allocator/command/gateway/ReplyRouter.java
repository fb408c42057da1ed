package dev.allocator.command.gateway;

import dev.allocator.kafka.KafkaTracing;
import dev.allocator.kafka.TopicPartitions;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.message.UnknownMessageException;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every reply with isolation.level=read_committed and completes the request waiting for
 * it. Read committed is the guarantee: a reply becomes visible only with the transaction that
 * wrote its events, so no signature leaves before its CompactAllocated event is in the log.
 */
final class ReplyRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);

    private final Map<String, CompletableFuture<ReplyEnvelope>> waiting = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final MessageCodec codec;
    private final KafkaTracing tracing;
    private final String topic;
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean healthy;

    ReplyRouter(String bootstrapServers, String topic, MessageCodec codec, KafkaTracing tracing) {
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
        if (future == null) {
            return; // another instance's request, or one that gave up
        }
        // The receipt, a child of the decision that wrote the reply: the trace's way back.
        Span receipt = tracing.consumer("receive " + topic, topic, record.headers());
        try (Tracer.SpanInScope scope = tracing.scope(receipt)) {
            future.complete(codec.decodeReply(record.value()));
        } catch (UnknownMessageException e) {
            receipt.error(e);
            future.completeExceptionally(e);
        } finally {
            receipt.end();
        }
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

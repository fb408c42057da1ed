package dev.allocator.projector.consumer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Parks records the projector cannot read or the read model cannot store on the dead-letter topic, with the same key, value and
 * headers plus where they came from and why, under spring-kafka's dead-letter header names so its
 * tooling reads them. Publishing waits for the broker's acknowledgement: the batch that skips the
 * record commits only after it is safely parked. A crash between the two parks it twice, never
 * zero times.
 */
public final class DeadLetters implements AutoCloseable {
    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    public static final String EXCEPTION_CLASS = "kafka_dlt-exception-fqcn";
    /** Why the projector parked it: {@code unreadable} or {@code unstorable}. */
    public static final String REASON = "allocator_dlt-reason";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public DeadLetters(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public void park(ConsumerRecord<byte[], byte[]> record, Exception cause, String reason) {
        ProducerRecord<byte[], byte[]> parked = new ProducerRecord<>(topic, null, record.key(), record.value());
        for (Header header : record.headers()) {
            parked.headers().add(header);
        }
        parked.headers()
                .add(ORIGINAL_TOPIC, bytes(record.topic()))
                .add(ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())))
                .add(ORIGINAL_OFFSET, bytes(Long.toString(record.offset())))
                .add(EXCEPTION_MESSAGE, bytes(String.valueOf(cause.getMessage())))
                .add(EXCEPTION_CLASS, bytes(cause.getClass().getName()))
                .add(REASON, bytes(reason));
        try {
            producer.send(parked).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking a record", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot park a record on " + topic, e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}

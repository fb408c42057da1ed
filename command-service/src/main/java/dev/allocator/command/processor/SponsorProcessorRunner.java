package dev.allocator.command.processor;

import dev.allocator.command.config.MessagingProperties;
import dev.allocator.command.signing.SigningView;
import dev.allocator.command.sponsor.SponsorDecider;
import dev.allocator.kafka.KafkaTracing;
import dev.allocator.model.message.MessageCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the sponsor processor: exactly_once_v2, tuned for latency (short poll and commit
 * intervals, no producer linger), as measured on a two-core machine.
 */
public class SponsorProcessorRunner implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SponsorProcessorRunner.class);

    private final MessagingProperties settings;
    private final SponsorDecider decider;
    private final MessageCodec codec;
    private final MeterRegistry registry;
    private final Clock clock;
    private final KafkaTracing tracing;
    private final SigningView signing;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    public SponsorProcessorRunner(
            MessagingProperties settings,
            SponsorDecider decider,
            MessageCodec codec,
            MeterRegistry registry,
            Clock clock,
            KafkaTracing tracing,
            SigningView signing) {
        this.settings = settings;
        this.signing = signing;
        this.decider = decider;
        this.codec = codec;
        this.registry = registry;
        this.clock = clock;
        this.tracing = tracing;
        Gauge.builder(
                        "allocator.processor.running",
                        this,
                        runner -> runner.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the sponsor processor (Kafka Streams) is RUNNING, else 0")
                .register(registry);
    }

    Properties streamsConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                settings.commitInterval().toMillis());
        props.put(StreamsConfig.POLL_MS_CONFIG, settings.pollInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 5);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                settings.sessionTimeout().toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int)
                Math.max(500, settings.sessionTimeout().toMillis() / 4));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        // A transaction starts right after the previous one commits, often before the broker has
        // written that one's markers; the broker then answers CONCURRENT_TRANSACTIONS and the batch
        // is retried. With several batches in flight a retried one arrives after its successor and
        // is refused as out of order, which aborts the transaction: under load, a stall of seconds.
        // One batch in flight keeps retries in order; short backoffs keep them quick.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 100);
        return props;
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    /** Running and not rebalancing or dead: it can decide. */
    public boolean isHealthy() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    @Override
    public void start() {
        streams = new KafkaStreams(
                ProcessorTopology.build(
                        settings.topics().commands(),
                        settings.topics().events(),
                        settings.topics().replies(),
                        settings.topics().control(),
                        signing,
                        decider,
                        codec,
                        registry,
                        new DeadlinePolicy(clock, settings.decisionMargin()),
                        tracing),
                streamsConfig());
        streams.setUncaughtExceptionHandler(error -> {
            log.error("Sponsor processor thread failed; replacing it", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // The stream threads' client metrics, among them the consumer lag of the commands topic.
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
    }

    /**
     * Leaves the group on a graceful stop, so the partitions move at once instead of after the
     * session timeout; a crash still relies on the timeout.
     */
    @Override
    public void stop() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(10)));
        }
    }

    /** Waits until the processor owns its partitions and decides, or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public boolean isRunning() {
        return streams != null && streams.state().isRunningOrRebalancing();
    }

    @Override
    public int getPhase() {
        return 0;
    }
}

package dev.allocator.load;

import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.MessageCodec;
import dev.allocator.model.value.Uint256;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overload measurement: {@code requests} POST /compact sent at once, on one instance, against
 * one lock whose balance covers {@code funds} of them. Prints the answers by status and code, the
 * compacts allocated but not answered 200 (read back from the event log: must be 0), and how long
 * after the burst a fresh request is answered 200 again.
 */
final class OverloadBurst {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CommandLoadRun run;
    private final ConfigurableApplicationContext instance;
    private final String bootstrapServers;
    private final String eventsTopic;

    OverloadBurst(
            CommandLoadRun run, ConfigurableApplicationContext instance, String bootstrapServers, String eventsTopic) {
        this.run = run;
        this.instance = instance;
        this.bootstrapServers = bootstrapServers;
        this.eventsTopic = eventsTopic;
    }

    void run(int requests, int funds) throws Exception {
        CommandLoadRun.Client target = run.clients(1, Uint256.of(funds)).get(0);
        CommandLoadRun.Client probe = run.clients(1).get(0);
        System.out.printf(
                "%nOverload burst, %s, %d cores: %d concurrent POST /compact against funds for %d, one instance%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), requests, funds);

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            futures.add(clients.submit(() -> {
                go.await();
                return compact(target);
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> future : futures) {
            answers.add(future.get(5, TimeUnit.MINUTES));
        }
        long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        clients.shutdown();

        long recovered = System.nanoTime();
        int probes = 0;
        while (compact(probe).statusCode() != 200) {
            probes++;
            Thread.sleep(50);
        }
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recovered);

        Map<String, Integer> byOutcome = new TreeMap<>();
        Set<String> answeredHashes = new HashSet<>();
        int withoutRetryAfter = 0;
        for (HttpResponse<String> answer : answers) {
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() == 200) {
                answeredHashes.add(body.get("hash").asString());
                byOutcome.merge("200", 1, Integer::sum);
            } else {
                byOutcome.merge(answer.statusCode() + " " + body.path("code").asString(), 1, Integer::sum);
                if (answer.statusCode() == 503
                        && answer.headers().firstValue("Retry-After").isEmpty()) {
                    withoutRetryAfter++;
                }
            }
        }
        Set<String> allocated = allocatedClaimHashes(target);
        Set<String> unanswered = new HashSet<>(allocated);
        unanswered.removeAll(answeredHashes);

        MeterRegistry registry = instance.getBean(MeterRegistry.class);
        Timer delivery = registry.find("allocator.reply.delivery").timer();
        System.out.printf("answers in %d ms: %s%n", burstMillis, byOutcome);
        System.out.printf(
                "allocated %d, answered 200 %d, allocated but unanswered %d (counted by the instance: %.0f)%n",
                allocated.size(),
                answeredHashes.size(),
                unanswered.size(),
                registry.counter("allocator.replies.unanswered", "outcome", "allocated")
                        .count());
        System.out.printf(
                "503 without Retry-After: %d; commands shed %.0f, refused as too late %.0f;"
                        + " reply delivery mean %.1f ms, max %.1f ms%n",
                withoutRetryAfter,
                registry.counter("allocator.commands.shed").count(),
                registry.counter("allocator.commands.expired").count(),
                delivery == null ? Double.NaN : delivery.mean(TimeUnit.MILLISECONDS),
                delivery == null ? Double.NaN : delivery.max(TimeUnit.MILLISECONDS));
        System.out.printf(
                "a fresh request was answered 200 again %d ms after the burst (%d refused before it)%n",
                recoveryMillis, probes);
    }

    private HttpResponse<String> compact(CommandLoadRun.Client client) {
        return run.api.compact(
                client.sponsor(),
                client.token(),
                client.lock(),
                "1",
                Instant.now().getEpochSecond() + 3600,
                CommandLoadRun.CHAIN);
    }

    /** Every CompactAllocated of the target's sponsor in the committed log. */
    private Set<String> allocatedClaimHashes(CommandLoadRun.Client target) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        MessageCodec codec = new MessageCodec();
        Set<String> hashes = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(eventsTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope envelope = codec.decodeEvent(record.value());
                    if (envelope.sponsor().equals(target.sponsor())
                            && envelope.event() instanceof Event.CompactAllocated allocated) {
                        hashes.add(allocated.claimHash().value());
                    }
                }
            }
        }
        return hashes;
    }
}

package dev.allocator.command.it;

import dev.allocator.indexer.standin.IndexerStandIn;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a command-side IT talks to: the indexer stand-in with this allocator registered, and one or
 * more command-service instances on the shared broker, all under one topic namespace.
 */
public final class CommandStack implements AutoCloseable {
    private final IndexerStandIn indexer;
    private final List<CommandInstance> instances = new ArrayList<>();
    private final String eventsTopic;

    private CommandStack(IndexerStandIn indexer, Map<String, Object> settings, int count) {
        this.indexer = indexer;
        this.eventsTopic = (String) settings.get("allocator.messaging.topics.events");
        try {
            for (int i = 0; i < count; i++) {
                instances.add(CommandInstance.start(settings));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static CommandStack start(String namespace, int instances) {
        return start(namespace, instances, Map.of());
    }

    /** With some settings changed from the tests' defaults. */
    public static CommandStack start(String namespace, int instances, Map<String, Object> overrides) {
        IndexerStandIn indexer = CommandInstance.indexerWithThisAllocator();
        Map<String, Object> settings = CommandInstance.settings(
                KafkaBroker.bootstrapServers(), indexer.url().toString(), namespace);
        settings.putAll(overrides);
        return new CommandStack(indexer, settings, instances);
    }

    public IndexerStandIn indexer() {
        return indexer;
    }

    public List<CommandInstance> instances() {
        return instances;
    }

    /** The first instance's base URL. */
    public String api() {
        return instances.get(0).baseUrl();
    }

    public String eventsTopic() {
        return eventsTopic;
    }

    /** The committed events of one sponsor, in log order. */
    public List<EventEnvelope> events(Address sponsor) {
        return EventLog.readAll(KafkaBroker.bootstrapServers(), eventsTopic).stream()
                .filter(e -> e.sponsor().equals(sponsor))
                .toList();
    }

    /** A lock of this allocator (seven-day reset) holding {@code amount}, deposited an hour ago (final). */
    public LockId fund(Address sponsor, int token, String amount) {
        LockId lock = Locks.lock(7, CommandInstance.ALLOCATOR_ID, Locks.token(token));
        indexer.ledger()
                .deposit(
                        CommandInstance.CHAIN,
                        sponsor,
                        lock,
                        Uint256.parse(amount),
                        Instant.now().minusSeconds(3600));
        return lock;
    }

    @Override
    public void close() {
        instances.forEach(CommandInstance::close);
        indexer.close();
    }
}

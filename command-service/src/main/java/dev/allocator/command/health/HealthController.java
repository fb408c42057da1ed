package dev.allocator.command.health;

import dev.allocator.command.chain.RegisteredAllocatorIds;
import dev.allocator.command.config.ChainProperties;
import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.processor.SponsorProcessorRunner;
import dev.allocator.command.signing.SigningView;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.indexer.SupportedChain;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /health in the reference's shape. Healthy means a compact can be decided now: the processor
 * runs, replies flow, and the supported chains are known; otherwise 503 names what is failing.
 * While an operator has paused signing, {@code signing} says so (still 200: see docs/operations.md).
 */
@RestController
class HealthController {
    private final SigningKey allocatorKey;
    private final SponsorProcessorRunner processor;
    private final CommandGateway gateway;
    private final RegisteredAllocatorIds chains;
    private final ChainProperties thresholds;
    private final SigningView signing;
    private final Clock clock;

    HealthController(
            SigningKey allocatorKey,
            SponsorProcessorRunner processor,
            CommandGateway gateway,
            RegisteredAllocatorIds chains,
            ChainProperties thresholds,
            SigningView signing,
            Clock clock) {
        this.signing = signing;
        this.allocatorKey = allocatorKey;
        this.processor = processor;
        this.gateway = gateway;
        this.chains = chains;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        List<String> failing = new ArrayList<>();
        if (!processor.isHealthy()) {
            failing.add("processor");
        }
        if (!gateway.isHealthy()) {
            failing.add("kafka");
        }
        if (!chains.loaded()) {
            failing.add("indexer");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", failing.isEmpty() ? "healthy" : "unhealthy");
        body.put("allocatorAddress", allocatorKey.address().checksummed());
        body.put("signingAddress", allocatorKey.address().checksummed());
        body.put("timestamp", clock.instant().toString());
        List<Map<String, Object>> supported = new ArrayList<>();
        for (SupportedChain chain : chains.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("chainId", chain.chainId().toString());
            entry.put("allocatorId", chain.allocatorId().toString());
            entry.put("finalizationThresholdSeconds", thresholds.finalizationThreshold(chain.chainId()));
            supported.add(entry);
        }
        body.put("supportedChains", supported);
        // Only while paused, so the reference's shape stays unchanged otherwise. Paused signing leaves
        // the status healthy: sign-ins and reads go on (docs/operations.md, "Pausing signing").
        SigningStatus signingStatus = signing.status();
        if (signingStatus.paused()) {
            body.put("signing", "paused");
            body.put("signingPausedSince", String.valueOf(signingStatus.since()));
        }
        if (!failing.isEmpty()) {
            body.put("failing", failing);
            body.put("processorState", processor.state().name());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
        }
        return ResponseEntity.ok(body);
    }
}

package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.it.CompactRequests;
import dev.allocator.command.it.Http;
import dev.allocator.command.it.Wallet;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Logs and traces of a real flow through the local stack (sign in, POST /compact, GETs): one trace
 * from the HTTP request through the command, the decision, the reply and the projector, its id on
 * every line the request caused, and none of the stack's secrets in its output.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {
    static final ChainId CHAIN = ChainId.of(10);

    @Test
    void tracesAndLogsACompactFromTheRequestToTheReadModelWithoutLeakingSecrets(CapturedOutput output)
            throws Exception {
        LocalOptions options = TestOptions.onFreePorts();
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        InMemorySpans.collect = true;
        try (LocalAllocator stack = new LocalAllocator().start(options)) {
            String api = stack.apiUrl();
            String token = wallet.signIn(api, CHAIN);
            LockId lock = DevLedger.fund(stack, wallet.address(), 1, "1000");
            Map<String, String> session = Map.of("x-session-id", token);

            Http.Response compact = Http.post(
                    api + "/compact",
                    CompactRequests.body(
                            wallet.address(), null, Instant.now().getEpochSecond() + 3600, lock, "600", CHAIN),
                    session);
            assertThat(compact.status()).as(compact.raw()).isEqualTo(200);
            assertThat(compact.headers().firstValue("X-Request-Id")).isPresent();
            Http.Response refused = Http.post(
                    api + "/compact",
                    CompactRequests.body(
                            wallet.address(), null, Instant.now().getEpochSecond() + 3600, lock, "600", CHAIN),
                    session);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(Http.get(api + "/compacts", session).status()).isEqualTo(200);
            assertThat(Http.get(api + "/balance/10/" + lock, session).status()).isEqualTo(200);
            assertThat(Http.get(api + "/suggested-nonce/10", session).status()).isEqualTo(200);

            // The access line of the accepted POST names the trace; every part of it shares the id.
            JsonNode access = awaitLine(output, line -> isAccessLine(line, "POST", "/compact", 200));
            String traceId = access.get("traceId").asString();
            assertThat(access.get("sponsor").asString())
                    .isEqualTo(wallet.address().lowercase());
            assertThat(access.get("service").get("name").asString()).isEqualTo("command-service");
            JsonNode decision = awaitLine(
                    output,
                    line -> isLogger(line, "DecisionLog")
                            && traceId.equals(text(line, "traceId"))
                            && "accepted".equals(text(line, "outcome")));
            assertThat(decision.get("command").asString()).isEqualTo("AllocateCompact");
            assertThat(decision.get("sponsor").asString())
                    .isEqualTo(wallet.address().lowercase());
            assertThat(decision.get("chain").asLong()).isEqualTo(10);
            assertThat(decision.get("claimHash").asString())
                    .isEqualTo(compact.body().get("hash").asString());
            assertThat(decision.get("nonce").asString())
                    .isEqualTo(compact.body().get("nonce").asString());
            JsonNode projected = awaitLine(
                    output, line -> isLogger(line, "GenerationProjector") && traceId.equals(text(line, "traceId")));
            assertThat(projected.get("event").asString()).isEqualTo("CompactAllocated");
            assertThat(projected.get("service").get("name").asString()).isEqualTo("projector");

            JsonNode refusal = awaitLine(output, line -> isAccessLine(line, "POST", "/compact", 400));
            assertThat(refusal.get("errorCode").asString()).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(refusal.get("traceId").asString()).isNotEqualTo(traceId);
            JsonNode refusedDecision = awaitLine(
                    output,
                    line -> isLogger(line, "DecisionLog")
                            && refusal.get("traceId").asString().equals(text(line, "traceId")));
            assertThat(refusedDecision.get("reason").asString()).isEqualTo("INSUFFICIENT_BALANCE");

            // One trace: HTTP -> send command -> decide -> receive reply, and decide -> project.
            SpanData project = awaitSpan(traceId, span -> span.getName().equals("project CompactAllocated"));
            List<SpanData> trace = spans(traceId);
            SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
            assertThat(server.getParentSpanContext().isValid()).isFalse();
            SpanData send = only(trace, span -> span.getName().equals("send allocator.commands"));
            assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(send.getParentSpanId()).isEqualTo(server.getSpanId());
            SpanData decide = only(trace, span -> span.getName().equals("decide"));
            assertThat(decide.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(decide.getParentSpanId()).isEqualTo(send.getSpanId());
            SpanData receipt = only(trace, span -> span.getName().equals("receive allocator.replies"));
            assertThat(receipt.getParentSpanId()).isEqualTo(decide.getSpanId());
            assertThat(project.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(project.getParentSpanId()).isEqualTo(decide.getSpanId());
            assertThat(decision.get("spanId").asString()).isEqualTo(decide.getSpanId());

            // Nothing secret in anything the stack printed.
            String printed = output.getAll();
            String privateKey = stack.allocatorKey().privateKeyHex();
            assertThat(printed)
                    .as("the logs")
                    .doesNotContain(token)
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(strip0x(privateKey))
                    .doesNotContain(DevelopmentKey.secret(options.dataDir(), "session-token.secret"))
                    .doesNotContain(DevelopmentKey.secret(options.dataDir(), "session-nonce.secret"))
                    .doesNotContain(DevelopmentKey.secret(options.dataDir(), "database.secret"));
        } finally {
            InMemorySpans.collect = false;
        }
    }

    private static String strip0x(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }

    private static boolean isAccessLine(JsonNode line, String method, String path, int status) {
        return isLogger(line, "AccessLogFilter")
                && method.equals(text(line, "method"))
                && path.equals(text(line, "path"))
                && line.path("status").asInt() == status;
    }

    private static boolean isLogger(JsonNode line, String simpleName) {
        return line.path("log").path("logger").asString("").endsWith("." + simpleName);
    }

    private static String text(JsonNode line, String field) {
        return line.path(field).asString(null);
    }

    private static List<JsonNode> lines(CapturedOutput output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(Http.JSON.readTree(line));
                } catch (JacksonException notJson) {
                    // a line of something else that starts with a brace: not a log line
                }
            }
        }
        return lines;
    }

    private static JsonNode awaitLine(CapturedOutput output, Predicate<JsonNode> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> found = lines(output).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such log line in:\n" + output.getOut());
    }

    private static List<SpanData> spans(String traceId) {
        return InMemorySpans.EXPORTER.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
    }

    private static SpanData awaitSpan(String traceId, Predicate<SpanData> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<SpanData> found = spans(traceId).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such span in trace " + traceId + ": " + spans(traceId));
    }

    private static SpanData only(List<SpanData> spans, Predicate<SpanData> wanted) {
        List<SpanData> matching = spans.stream().filter(wanted).toList();
        assertThat(matching).as("spans %s", spans).hasSize(1);
        return matching.get(0);
    }
}

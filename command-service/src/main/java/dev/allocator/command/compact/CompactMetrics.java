package dev.allocator.command.compact;

import dev.allocator.command.web.ErrorCode;
import dev.allocator.http.Answer;
import dev.allocator.http.AnswerListener;
import dev.allocator.http.ApiErrorCode;
import dev.allocator.http.CommonErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code allocator_compacts_total{outcome,reason}} and {@code allocator_compact_seconds{outcome}}:
 * every answer of POST /compact, counted from outside the handler (the outermost filter tells it),
 * so that refusals before the controller (413, 415, admission control) count as well. {@code
 * allocated} is a 2xx, {@code rejected} a 4xx, {@code failed} a 5xx; the reason is the API error
 * code, or {@code none}. Every code this service can answer is registered at start with the
 * outcome its status gives, so an alert tells 0 from absent.
 */
@Component
class CompactMetrics implements AnswerListener {
    static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<Answer.Outcome, Timer> times = new EnumMap<>(Answer.Outcome.class);

    CompactMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Answer.Outcome outcome : Answer.Outcome.values()) {
            times.put(
                    outcome,
                    Timer.builder("allocator.compact")
                            .description("Time to answer POST /compact, by outcome")
                            .tag("outcome", tag(outcome))
                            .publishPercentileHistogram()
                            .register(registry));
        }
        counter(Answer.Outcome.OK, NONE);
        List<ApiErrorCode> codes = new ArrayList<>(List.of(ErrorCode.values()));
        codes.addAll(List.of(CommonErrorCode.values()));
        for (ApiErrorCode code : codes) {
            counter(Answer.Outcome.ofStatus(code.status().value()), code.name());
        }
    }

    @Override
    public void answered(Answer answer) {
        if (!answer.is("POST", "/compact")) {
            return;
        }
        Answer.Outcome outcome = answer.outcome();
        counter(outcome, answer.errorCode().orElse(NONE)).increment();
        times.get(outcome).record(answer.nanos(), TimeUnit.NANOSECONDS);
    }

    private Counter counter(Answer.Outcome outcome, String reason) {
        return Counter.builder("allocator.compacts")
                .description("Answers of POST /compact by outcome (allocated, rejected, failed) and API error code")
                .tag("outcome", tag(outcome))
                .tag("reason", reason)
                .register(registry);
    }

    /** The contract's words: a compact is allocated, not merely ok. */
    static String tag(Answer.Outcome outcome) {
        return outcome == Answer.Outcome.OK ? "allocated" : outcome.tag();
    }
}
